import type { Clock, StructuredLogger } from '@flotilla/core';
import type { Alert, CockpitBus } from '../cockpit-bus';

/** The part of the webhook sender the service uses (WebhookSender, or a fake in tests). */
export interface AlertDelivery {
  send(alert: Alert): void;
  close(): void;
}

export interface AlertServiceOptions {
  clock: Clock;
  logger: StructuredLogger;
  bus: CockpitBus;
  /** null: no ALERT_WEBHOOK_URL, alerts reach the log and the bus only. */
  delivery: AlertDelivery | null;
  /** An active cause is not sent again before this long has passed. */
  dedupeWindowMs?: number;
  /** Strings that must never leave the process (the API token); masked in every alert. */
  secrets?: readonly string[];
}

export const ALERT_DEDUPE_WINDOW_MS = 10 * 60_000;
const MASK = '<redacted>';

/** What makes two alerts the same cause: the cause and its symbol, dependency or risk reason. */
export function alertKey(alert: Pick<Alert, 'cause' | 'symbol' | 'details'>): string {
  const { dependency, reason } = alert.details;
  const subject = alert.symbol ?? dependency ?? reason ?? '*';
  return `${alert.cause}:${String(subject)}`;
}

/**
 * Raises alerts (issue 12): each is logged as an `ALERT <cause>` line, published on the bus's
 * `alerts` topic and handed to the webhook. A cause is deduped per key while it is active: the same
 * key is not sent again within the dedupe window unless `clear` ended it first (e.g. a dependency
 * recovered). Never throws and never waits: delivery queues.
 */
export class AlertService {
  private readonly active = new Map<string, number>();
  private readonly windowMs: number;
  private readonly secrets: readonly string[];
  private suppressedCount = 0;
  private readonly closers: (() => void)[] = [];

  constructor(private readonly opts: AlertServiceOptions) {
    this.windowMs = opts.dedupeWindowMs ?? ALERT_DEDUPE_WINDOW_MS;
    this.secrets = (opts.secrets ?? []).filter((s) => s.length > 0);
  }

  /** Sends unless the same key is active and was sent within the window; returns whether it went out. */
  raise(alert: Alert): boolean {
    const key = alertKey(alert);
    const now = this.opts.clock.now();
    const sentAt = this.active.get(key);
    if (sentAt !== undefined && now - sentAt < this.windowMs) {
      this.suppressedCount++;
      return false;
    }
    this.active.set(key, now);
    this.emit(alert);
    return true;
  }

  /** Sends without dedupe and without making anything active: the end of a cause, an operator act. */
  notify(alert: Alert): void {
    this.emit(alert);
  }

  /** The cause has ended; the next raise of the key is sent at once. Returns whether it was active. */
  clear(key: string): boolean {
    return this.active.delete(key);
  }

  isActive(key: string): boolean {
    return this.active.has(key);
  }

  /** Raises suppressed by dedupe since start. */
  get suppressed(): number {
    return this.suppressedCount;
  }

  /** Run on close (e.g. a bus subscription feeding this service). */
  onClose(fn: () => void): void {
    this.closers.push(fn);
  }

  /** Nest calls it at shutdown: no more deliveries, queued ones are dropped. */
  onModuleDestroy(): void {
    this.close();
  }

  close(): void {
    for (const fn of this.closers.splice(0)) fn();
    this.opts.delivery?.close();
  }

  private emit(raw: Alert): void {
    const alert = this.scrub(raw);
    const { cause, severity, symbol, message, details } = alert;
    const level = severity === 'critical' ? 'error' : severity === 'warning' ? 'warn' : 'info';
    this.opts.logger[level](`ALERT ${cause}: ${message}`, {
      alert: cause,
      severity,
      ...(symbol === null ? {} : { symbol }),
      key: alertKey(alert),
      ...details,
    });
    this.opts.bus.publish({
      topic: 'alerts',
      kind: 'alert',
      data: alert,
      atMs: Date.parse(alert.at),
    });
    this.opts.delivery?.send(alert);
  }

  private scrub(alert: Alert): Alert {
    if (this.secrets.length === 0) return alert;
    const text = JSON.stringify(alert);
    const clean = this.secrets.reduce((out, s) => out.split(s).join(MASK), text);
    return clean === text ? alert : (JSON.parse(clean) as Alert);
  }
}
