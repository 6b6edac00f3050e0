import type { AuditAction, AuditEntry, AuditSink } from '@flotilla/execution';
import { isoUtc } from '@flotilla/core';
import { toSignalJson, type Signal } from '@flotilla/trading';
import type { EngineStateChange } from '../supervisor/engine-manager.types';
import { engineTopic, type CockpitBus, type FixedTopic } from './cockpit-bus';

/** Which fixed topic an audit action belongs to; null: the trail only (reconcile, risk, operator). */
export function topicOfAction(
  action: AuditAction,
): Extract<FixedTopic, 'orders' | 'fills' | 'positions'> | null {
  if (action === 'fill') return 'fills';
  if (action.startsWith('order.') || action.startsWith('zombie.') || action.startsWith('aged.'))
    return 'orders';
  if (action.startsWith('position.') || action.startsWith('stop.') || action.startsWith('guard.'))
    return 'positions';
  return null;
}

/** The audit entry as `/ws` carries it (the same shape as GET /trading/audit's rows, without seq). */
export function auditEventJson(e: AuditEntry): Record<string, unknown> {
  return {
    at: isoUtc(e.atMs),
    symbol: e.symbol,
    action: e.action,
    traceId: e.traceId,
    actor: e.actor,
    details: { ...e.details },
  };
}

/**
 * Hands every audit entry on unchanged, then publishes the ones the cockpit shows: orders, fills and
 * positions on their topic and on the engine's own topic. The trail stays the record; this is a view.
 */
export class PublishingAuditSink implements AuditSink {
  constructor(
    private readonly inner: AuditSink,
    private readonly bus: CockpitBus,
  ) {}

  append(entry: AuditEntry): void {
    this.inner.append(entry);
    const topic = topicOfAction(entry.action);
    if (topic === null) return;
    const kind = topic.slice(0, -1);
    const data = auditEventJson(entry);
    this.bus.publish({ topic, kind, data, atMs: entry.atMs });
    if (entry.symbol !== null)
      this.bus.publish({ topic: engineTopic(entry.symbol), kind, data, atMs: entry.atMs });
  }
}

/** A transition of one engine: its full status on the engine's topic (the fleet differ turns it into a diff). */
export function publishStateChange(bus: CockpitBus, change: EngineStateChange): void {
  const data = {
    ...change.status,
    transition: { from: change.from, to: change.to, reason: change.reason },
  };
  bus.publish({ topic: engineTopic(change.symbol), kind: 'status', data, atMs: change.at });
}

export function publishSignal(bus: CockpitBus, signal: Signal): void {
  const data = toSignalJson(signal);
  bus.publish({ topic: 'signals', kind: 'signal', data, atMs: signal.at });
  bus.publish({ topic: engineTopic(signal.symbol), kind: 'signal', data, atMs: signal.at });
}
