import { isoUtc } from '@flotilla/core';
import type { Alert } from '../cockpit-bus';
import { alertKey } from './alert.service';
import { alertHarness } from './testing/alert-harness';

const failed = (symbol: string, at: number): Alert => ({
  cause: 'engine.failed',
  severity: 'critical',
  symbol,
  message: `${symbol}: engine failed`,
  at: isoUtc(at),
  details: { restartCount: 5 },
});

describe('AlertService', () => {
  it('logs an ALERT line, publishes on topic alerts and hands the alert to the webhook', () => {
    const h = alertHarness();
    const a = failed('BTCUSDT', h.clock.now());
    expect(h.alerts.raise(a)).toBe(true);
    expect(h.sent).toEqual([a]);
    expect(h.published).toEqual([{ topic: 'alerts', kind: 'alert', data: a, atMs: h.clock.now() }]);
    expect(h.logs).toEqual([
      {
        level: 'error',
        msg: 'ALERT engine.failed: BTCUSDT: engine failed',
        fields: {
          alert: 'engine.failed',
          severity: 'critical',
          symbol: 'BTCUSDT',
          key: 'engine.failed:BTCUSDT',
          restartCount: 5,
        },
      },
    ]);
  });

  it('dedupes per key within the window, keys apart per symbol, and sends again after the window', () => {
    const h = alertHarness();
    expect(h.alerts.raise(failed('BTCUSDT', h.clock.now()))).toBe(true);
    h.clock.advance(9 * 60_000);
    expect(h.alerts.raise(failed('BTCUSDT', h.clock.now()))).toBe(false);
    expect(h.alerts.raise(failed('ETHUSDT', h.clock.now()))).toBe(true);
    h.clock.advance(60_000);
    expect(h.alerts.raise(failed('BTCUSDT', h.clock.now()))).toBe(true);
    expect(h.sent.map((a) => a.symbol)).toEqual(['BTCUSDT', 'ETHUSDT', 'BTCUSDT']);
    expect(h.alerts.suppressed).toBe(1);
  });

  it('clear ends the cause: the next raise of the key goes out at once', () => {
    const h = alertHarness();
    h.alerts.raise(failed('BTCUSDT', h.clock.now()));
    expect(h.alerts.clear('engine.failed:BTCUSDT')).toBe(true);
    expect(h.alerts.clear('engine.failed:BTCUSDT')).toBe(false);
    h.clock.advance(1_000);
    expect(h.alerts.raise(failed('BTCUSDT', h.clock.now()))).toBe(true);
    expect(h.sent).toHaveLength(2);
  });

  it('keys a fleet-wide cause by its dependency or risk reason', () => {
    const base = { cause: 'risk.limit' as const, symbol: null };
    expect(alertKey({ ...base, details: { reason: 'daily-loss' } })).toBe('risk.limit:daily-loss');
    expect(alertKey({ cause: 'venue.down', symbol: null, details: { dependency: 'venue' } })).toBe(
      'venue.down:venue',
    );
    expect(alertKey({ cause: 'kill-switch', symbol: null, details: {} })).toBe('kill-switch:*');
  });

  it('never lets a secret out: masked in the log, on the bus and in the webhook payload', () => {
    const secret = 'flotilla-secret-token-0123456789';
    const h = alertHarness({ secrets: [secret] });
    const a = { ...failed('BTCUSDT', h.clock.now()), details: { lastError: `bad ${secret}` } };
    h.alerts.raise(a);
    const everything = JSON.stringify([h.sent, h.published, h.logs]);
    expect(everything).not.toContain(secret);
    expect(h.sent[0].details.lastError).toBe('bad <redacted>');
  });

  it('close stops the delivery and runs the registered closers once', () => {
    const h = alertHarness();
    const closed: string[] = [];
    h.alerts.onClose(() => closed.push('bus'));
    h.alerts.close();
    h.alerts.close();
    expect(closed).toEqual(['bus']);
  });
});
