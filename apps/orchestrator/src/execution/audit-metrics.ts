import { Counter, type Registry } from 'prom-client';
import type { AuditEntry, AuditSink } from '@flotilla/execution';

export const AUDIT_EVENTS_METRIC = 'flotilla_audit_events_total';

/**
 * Counts what goes into the audit trail by action (`flotilla_audit_events_total{action}`), then
 * hands the entry on unchanged. Every care rule audits what it does, so the one counter answers:
 * guard findings (`guard.finding`), emergency stops (`guard.emergency-stop`), zombie cancels and
 * give-ups (`zombie.cancelled`, `zombie.gave-up`), trailing moves (`stop.moved`), aged exits
 * (`aged.exit-placed`, `aged.exit-moved`), emergency closes, risk refusals, day rolls.
 */
export class CountingAuditSink implements AuditSink {
  private readonly counter: Counter<'action'>;

  constructor(
    private readonly inner: AuditSink,
    registry: Registry,
  ) {
    const existing = registry.getSingleMetric(AUDIT_EVENTS_METRIC);
    this.counter =
      (existing as Counter<'action'> | undefined) ??
      new Counter({
        name: AUDIT_EVENTS_METRIC,
        help: 'Audit trail entries by action (guard findings, zombie cancels, trailing moves, aged exits, ...)',
        labelNames: ['action'],
        registers: [registry],
      });
  }

  append(entry: AuditEntry): void {
    this.inner.append(entry);
    this.counter.inc({ action: entry.action });
  }
}
