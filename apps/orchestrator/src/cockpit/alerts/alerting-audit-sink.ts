import type { AuditEntry, AuditSink } from '@flotilla/execution';
import type { AlertService } from './alert.service';
import { alertOnAudit } from './alert-rules';

/**
 * Hands every audit entry on unchanged, then raises what it calls for (unprotected positions, the
 * kill switch, risk limits): the trail sees kill-switch and risk entries the bus never carries.
 */
export class AlertingAuditSink implements AuditSink {
  constructor(
    private readonly inner: AuditSink,
    private readonly alerts: AlertService,
  ) {}

  append(entry: AuditEntry): void {
    this.inner.append(entry);
    alertOnAudit(this.alerts, entry);
  }
}
