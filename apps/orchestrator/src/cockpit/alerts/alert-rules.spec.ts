import type { AuditAction, AuditEntry, AuditValue } from '@flotilla/execution';
import { silentLogger } from '@flotilla/core';
import { DependencyMonitor, type DependencyState } from '../../health/dependency-monitor';
import { alertOnAudit, alertOnBusEvent, alertOnDependency } from './alert-rules';
import { alertHarness } from './testing/alert-harness';

const audit = (
  action: AuditAction,
  symbol: string | null,
  details: Record<string, AuditValue> = {},
  actor = 'engine:BTCUSDT',
): AuditEntry => ({
  atMs: Date.UTC(2026, 0, 1),
  symbol,
  action,
  traceId: null,
  actor,
  requestId: null,
  details,
});

const dep = (
  name: DependencyState['name'],
  status: DependencyState['status'],
): DependencyState => ({
  name,
  status,
  since: '2026-01-01T00:00:00.000Z',
  lastError: status === 'down' ? 'registry json /data did not answer within 2000 ms' : null,
  checkedAt: null,
  latencyMs: null,
  details: {},
});

describe('alert rules', () => {
  it('a guard finding or a missing stop raises position.unprotected once per symbol until the stop is back', () => {
    const h = alertHarness();
    const finding = {
      reason: 'open position without a venue-side stop',
      side: 'long',
      size: '0.01',
    };
    alertOnAudit(h.alerts, audit('guard.finding', 'BTCUSDT', finding));
    alertOnAudit(h.alerts, audit('stop.missing', 'BTCUSDT', { state: 'open', lastError: null }));
    alertOnAudit(h.alerts, audit('guard.finding', 'ETHUSDT', finding));
    expect(h.sent.map((a) => [a.cause, a.severity, a.symbol])).toEqual([
      ['position.unprotected', 'critical', 'BTCUSDT'],
      ['position.unprotected', 'critical', 'ETHUSDT'],
    ]);
    expect(h.sent[0].details).toMatchObject({
      source: 'guard.finding',
      side: 'long',
      size: '0.01',
    });
    alertOnAudit(h.alerts, audit('stop.confirmed', 'BTCUSDT'));
    alertOnAudit(h.alerts, audit('stop.missing', 'BTCUSDT', { state: 'open', lastError: null }));
    expect(h.sent).toHaveLength(3);
  });

  it('the kill switch: engaged is critical, released is info and ends the cause', () => {
    const h = alertHarness();
    const ks = (engaged: boolean) =>
      audit('operator.kill-switch', null, { engaged, flatten: false }, 'operator');
    alertOnAudit(h.alerts, ks(true));
    alertOnAudit(h.alerts, ks(true));
    alertOnAudit(h.alerts, ks(false));
    alertOnAudit(h.alerts, ks(true));
    expect(h.sent.map((a) => [a.cause, a.severity, a.message])).toEqual([
      ['kill-switch', 'critical', 'kill switch engaged: entries blocked fleet-wide'],
      ['kill-switch', 'info', 'kill switch released'],
      ['kill-switch', 'critical', 'kill switch engaged: entries blocked fleet-wide'],
    ]);
    expect(h.sent[0].details).toMatchObject({ engaged: true, actor: 'operator' });
  });

  it('risk limits alert once per reason, not per engine; other refusals do not alert', () => {
    const h = alertHarness();
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      alertOnAudit(h.alerts, audit('risk.refused', symbol, { reason: 'daily-loss' }));
      alertOnAudit(h.alerts, audit('risk.refused', symbol, { reason: 'max-exposure' }));
      alertOnAudit(h.alerts, audit('risk.refused', symbol, { reason: 'min-notional' }));
      alertOnAudit(h.alerts, audit('risk.refused', symbol, { reason: 'engine-paused' }));
    }
    expect(h.sent.map((a) => [a.cause, a.symbol, a.details.reason, a.details.engine])).toEqual([
      ['risk.limit', null, 'daily-loss', 'BTCUSDT'],
      ['risk.limit', null, 'max-exposure', 'BTCUSDT'],
    ]);
    alertOnAudit(h.alerts, audit('operator.risk-reset', null, {}, 'operator'));
    alertOnAudit(h.alerts, audit('risk.refused', 'BTCUSDT', { reason: 'daily-loss' }));
    alertOnAudit(h.alerts, audit('risk.refused', 'BTCUSDT', { reason: 'max-exposure' }));
    expect(h.sent).toHaveLength(3);
  });

  it('an engine status event whose status is failed raises engine.failed; running again clears it', () => {
    const h = alertHarness();
    const status = (status: string) => ({
      topic: 'engine:SOLUSDT' as const,
      kind: 'status',
      atMs: h.clock.now(),
      data: {
        symbol: 'SOLUSDT',
        status,
        lastError: 'injected fault: crash',
        restartCount: 5,
        transition: { from: 'crashed', to: status, reason: 'restart limit reached' },
      },
    });
    alertOnBusEvent(h.alerts, status('failed'));
    alertOnBusEvent(h.alerts, status('failed'));
    alertOnBusEvent(h.alerts, { ...status('failed'), kind: 'signal' });
    expect(h.sent).toHaveLength(1);
    expect(h.sent[0]).toMatchObject({
      cause: 'engine.failed',
      severity: 'critical',
      symbol: 'SOLUSDT',
      details: {
        lastError: 'injected fault: crash',
        restartCount: 5,
        reason: 'restart limit reached',
      },
    });
    alertOnBusEvent(h.alerts, status('running'));
    alertOnBusEvent(h.alerts, status('failed'));
    expect(h.sent).toHaveLength(2);
  });

  it('a dependency outage is a warning, once; its recovery is an info alert, only after an outage', () => {
    const h = alertHarness();
    const at = h.clock.now();
    alertOnDependency(h.alerts, dep('venue', 'up'), at);
    alertOnDependency(h.alerts, dep('registry', 'down'), at);
    alertOnDependency(h.alerts, dep('registry', 'down'), at);
    alertOnDependency(h.alerts, dep('market_data', 'down'), at);
    alertOnDependency(h.alerts, dep('registry', 'up'), at);
    alertOnDependency(h.alerts, dep('registry', 'up'), at);
    expect(h.sent.map((a) => [a.cause, a.severity, a.details.dependency])).toEqual([
      ['registry.down', 'warning', 'registry'],
      ['venue.down', 'warning', 'market_data'],
      ['dependency.recovered', 'info', 'registry'],
    ]);
    expect(h.sent[0].message).toBe(
      'registry is down: registry json /data did not answer within 2000 ms',
    );
  });
});

describe('the dependency monitor feeding alerts (its onChange hook, as the provider wires it)', () => {
  it('alerts once while the venue stays down, and sends recovered when it is back', async () => {
    const h = alertHarness();
    let failing: Error | null = null;
    const monitor = new DependencyMonitor({
      clock: h.clock,
      intervalMs: 1_000,
      timeoutMs: 500,
      logger: silentLogger,
      probes: [
        {
          name: 'venue',
          label: 'venue',
          check: () => (failing ? Promise.reject(failing) : Promise.resolve({})),
        },
      ],
      onChange: (state) => alertOnDependency(h.alerts, state, h.clock.now()),
    });
    await monitor.start();
    failing = new Error('venue http://127.0.0.1:1 refused the connection');
    for (let i = 0; i < 3; i++) {
      h.clock.advance(1_000);
      await monitor.checkAll();
    }
    failing = null;
    h.clock.advance(1_000);
    await monitor.checkAll();
    monitor.stop();
    expect(h.sent.map((a) => [a.cause, a.severity, a.message])).toEqual([
      ['venue.down', 'warning', 'venue is down: venue http://127.0.0.1:1 refused the connection'],
      ['dependency.recovered', 'info', 'venue is back up'],
    ]);
  });
});
