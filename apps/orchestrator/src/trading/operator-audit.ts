import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@flotilla/core';
import type { AuditAction, AuditSink, AuditValue } from '@flotilla/execution';
import { currentTraceId } from '@flotilla/logging';
import { AUDIT_SINK, CLOCK } from '../runtime/tokens';

/** Every operator command over HTTP is made with the one API token, so the caller is "operator". */
export const OPERATOR = 'operator';

/**
 * Audits the operator's commands (SPEC 7) with the request id: the request id middleware runs each
 * request inside its trace context, so the id is the X-Request-Id the caller sent or was given.
 */
@Injectable()
export class OperatorAudit {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AUDIT_SINK) private readonly sink: AuditSink,
  ) {}

  /** The request id of the request being handled, null outside one. */
  requestId(): string | null {
    return currentTraceId() ?? null;
  }

  record(
    action: AuditAction,
    symbol: string | null,
    details: Readonly<Record<string, AuditValue>>,
  ): void {
    const requestId = this.requestId();
    const entry = {
      atMs: this.clock.now(),
      symbol,
      action,
      traceId: requestId,
      actor: OPERATOR,
      requestId,
      details,
    };
    this.sink.append(entry);
  }
}
