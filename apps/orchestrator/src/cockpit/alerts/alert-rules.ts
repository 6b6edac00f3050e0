import { isoUtc } from '@flotilla/core';
import type { AuditEntry, AuditValue } from '@flotilla/execution';
import type { DependencyState } from '../../health/dependency-monitor';
import type { Alert, AlertCause, CockpitEvent } from '../cockpit-bus';
import { alertKey, type AlertService } from './alert.service';

/** Risk refusals that mean a fleet limit was hit (not a per-order condition such as min-notional). */
export const LIMIT_REASONS: ReadonlySet<string> = new Set([
  'daily-loss',
  'max-exposure',
  'max-open-positions',
]);

type Details = Record<string, AuditValue>;

function alert(
  cause: AlertCause,
  severity: Alert['severity'],
  symbol: string | null,
  message: string,
  atMs: number,
  details: Details = {},
): Alert {
  return { cause, severity, symbol, message, at: isoUtc(atMs), details };
}

/** A position without a venue-side stop is found, or the stop is protected again / flat. */
function positionAlerts(alerts: AlertService, e: AuditEntry, symbol: string): void {
  const key = alertKey({ cause: 'position.unprotected', symbol, details: {} });
  if (e.action === 'guard.finding' || e.action === 'stop.missing') {
    const what = e.action === 'guard.finding' ? 'the protection guard' : 'the stop read-back';
    alerts.raise(
      alert(
        'position.unprotected',
        'critical',
        symbol,
        `${symbol}: open position without a stop (${what})`,
        e.atMs,
        {
          source: e.action,
          ...e.details,
        },
      ),
    );
  } else if (
    e.action === 'stop.confirmed' ||
    e.action === 'position.closed' ||
    e.action === 'position.emergency-close'
  ) {
    alerts.clear(key);
  }
}

function killSwitchAlert(alerts: AlertService, e: AuditEntry): void {
  const details: Details = { ...e.details, actor: e.actor, requestId: e.requestId };
  if (e.details.engaged === true) {
    const message = 'kill switch engaged: entries blocked fleet-wide';
    alerts.raise(alert('kill-switch', 'critical', null, message, e.atMs, details));
    return;
  }
  alerts.clear(alertKey({ cause: 'kill-switch', symbol: null, details: {} }));
  alerts.notify(alert('kill-switch', 'info', null, 'kill switch released', e.atMs, details));
}

function riskLimitAlert(alerts: AlertService, e: AuditEntry): void {
  const reason = e.details.reason;
  if (typeof reason !== 'string' || !LIMIT_REASONS.has(reason)) return;
  alerts.raise(
    alert('risk.limit', 'warning', null, `risk limit hit: ${reason}`, e.atMs, {
      ...e.details,
      engine: e.symbol,
    }),
  );
}

/** Alerts an audit entry calls for: unprotected positions, the kill switch, risk limits hit. */
export function alertOnAudit(alerts: AlertService, e: AuditEntry): void {
  if (e.symbol !== null) positionAlerts(alerts, e, e.symbol);
  if (e.action === 'operator.kill-switch') killSwitchAlert(alerts, e);
  else if (e.action === 'risk.refused') riskLimitAlert(alerts, e);
  else if (e.action === 'risk.day-rolled' || e.action === 'operator.risk-reset') {
    alerts.clear(
      alertKey({ cause: 'risk.limit', symbol: null, details: { reason: 'daily-loss' } }),
    );
  }
}

interface StatusData {
  symbol?: unknown;
  status?: unknown;
  lastError?: unknown;
  restartCount?: unknown;
  transition?: { reason?: unknown };
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** An engine left failed (the restart limit or a fatal start): critical; running again clears it. */
export function alertOnBusEvent(alerts: AlertService, event: CockpitEvent): void {
  if (event.kind !== 'status' || !event.topic.startsWith('engine:')) return;
  const data = event.data as StatusData;
  const symbol = text(data.symbol) ?? event.topic.slice('engine:'.length);
  if (data.status === 'failed') {
    alerts.raise(
      alert('engine.failed', 'critical', symbol, `${symbol}: engine failed`, event.atMs, {
        lastError: text(data.lastError),
        restartCount: typeof data.restartCount === 'number' ? data.restartCount : null,
        reason: text(data.transition?.reason),
      }),
    );
  } else if (data.status === 'running') {
    alerts.clear(alertKey({ cause: 'engine.failed', symbol, details: {} }));
  }
}

/**
 * The registry or the venue (REST, or its market-data feed) went down; back up: an info alert.
 * A warning, not critical: the control plane stays up, registry writes queue, stops live on the
 * venue (the same reason health logs an outage at warn and keeps /health/ready 200).
 */
export function alertOnDependency(
  alerts: AlertService,
  state: DependencyState,
  atMs: number,
): void {
  const cause: AlertCause = state.name === 'registry' ? 'registry.down' : 'venue.down';
  const details: Details = { dependency: state.name, since: state.since };
  const key = alertKey({ cause, symbol: null, details });
  if (state.status === 'down') {
    alerts.raise(
      alert(
        cause,
        'warning',
        null,
        `${state.name} is down: ${state.lastError ?? 'unknown error'}`,
        atMs,
        {
          ...details,
          error: state.lastError,
        },
      ),
    );
  } else if (state.status === 'up' && alerts.clear(key)) {
    alerts.notify(
      alert('dependency.recovered', 'info', null, `${state.name} is back up`, atMs, details),
    );
  }
}
