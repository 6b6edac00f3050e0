import { Registry } from 'prom-client';
import type { AuditAction } from '@flotilla/execution';
import { MemoryAudit } from '@flotilla/execution/testing';
import { AUDIT_EVENTS_METRIC, CountingAuditSink } from './audit-metrics';

const entry = (action: AuditAction) => ({
  atMs: 1,
  symbol: 'BTCUSDT',
  action,
  traceId: null,
  actor: 'engine:BTCUSDT',
  requestId: null,
  details: {},
});

describe('CountingAuditSink', () => {
  it('passes every entry on and counts it by action', async () => {
    const registry = new Registry();
    const inner = new MemoryAudit();
    const sink = new CountingAuditSink(inner, registry);
    sink.append(entry('guard.finding'));
    sink.append(entry('zombie.cancelled'));
    sink.append(entry('zombie.cancelled'));
    sink.append(entry('stop.moved'));
    expect(inner.actions()).toEqual([
      'guard.finding',
      'zombie.cancelled',
      'zombie.cancelled',
      'stop.moved',
    ]);
    const text = await registry.metrics();
    expect(text).toContain(`${AUDIT_EVENTS_METRIC}{action="guard.finding"} 1`);
    expect(text).toContain(`${AUDIT_EVENTS_METRIC}{action="zombie.cancelled"} 2`);
    expect(text).toContain(`${AUDIT_EVENTS_METRIC}{action="stop.moved"} 1`);
  });

  it('a second sink on the same registry shares the counter instead of clashing', async () => {
    const registry = new Registry();
    new CountingAuditSink(new MemoryAudit(), registry).append(entry('guard.finding'));
    new CountingAuditSink(new MemoryAudit(), registry).append(entry('guard.finding'));
    expect(await registry.metrics()).toContain(`${AUDIT_EVENTS_METRIC}{action="guard.finding"} 2`);
  });
});
