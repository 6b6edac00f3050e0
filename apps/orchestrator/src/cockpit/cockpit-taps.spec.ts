import type { AuditEntry, AuditSink } from '@flotilla/execution';
import { CockpitBus, type CockpitEvent } from './cockpit-bus';
import { PublishingAuditSink, topicOfAction } from './cockpit-taps';

const entry = (action: AuditEntry['action'], symbol: string | null = 'BTCUSDT'): AuditEntry => ({
  atMs: Date.UTC(2026, 11, 1),
  symbol,
  action,
  traceId: 'sig-1',
  actor: 'engine:BTCUSDT',
  requestId: null,
  details: { price: '100.5' },
});

describe('cockpit taps', () => {
  it('routes audit actions to orders, fills and positions, and keeps the rest off the feed', () => {
    expect(topicOfAction('order.accepted')).toBe('orders');
    expect(topicOfAction('zombie.cancelled')).toBe('orders');
    expect(topicOfAction('fill')).toBe('fills');
    expect(topicOfAction('stop.moved')).toBe('positions');
    expect(topicOfAction('guard.finding')).toBe('positions');
    expect(topicOfAction('reconcile.done')).toBeNull();
    expect(topicOfAction('operator.kill-switch')).toBeNull();
  });

  it('hands every entry to the trail and publishes on the topic and the engine topic', () => {
    const stored: AuditEntry[] = [];
    const inner: AuditSink = { append: (e) => stored.push(e) };
    const bus = new CockpitBus();
    const seen: CockpitEvent[] = [];
    bus.subscribe((e) => seen.push(e));
    const sink = new PublishingAuditSink(inner, bus);
    sink.append(entry('fill'));
    sink.append(entry('reconcile.started'));
    sink.append(entry('order.submitted', null));
    expect(stored).toHaveLength(3);
    expect(seen.map((e) => `${e.topic}/${e.kind}`)).toEqual([
      'fills/fill',
      'engine:BTCUSDT/fill',
      'orders/order',
    ]);
    expect(seen[0].data).toMatchObject({
      at: '2026-12-01T00:00:00.000Z',
      details: { price: '100.5' },
    });
  });

  it('a listener that throws is reported and does not stop the others', () => {
    const errors: unknown[] = [];
    const bus = new CockpitBus((err) => errors.push(err));
    const seen: string[] = [];
    bus.subscribe(() => {
      throw new Error('boom');
    });
    const off = bus.subscribe((e) => seen.push(e.kind));
    bus.publish({ topic: 'alerts', kind: 'alert', data: {}, atMs: 1 });
    off();
    bus.publish({ topic: 'alerts', kind: 'alert', data: {}, atMs: 2 });
    expect(seen).toEqual(['alert']);
    expect(errors).toHaveLength(2);
    expect(bus.listenerCount).toBe(1);
  });
});
