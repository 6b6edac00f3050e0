/** Without `max_active_time`, Bybit cuts a private socket after 10 minutes without ping or data. */
export const DEFAULT_MAX_ACTIVE_MS = 600_000;
export const MIN_MAX_ACTIVE_MS = 30_000;
/** Bybit's sweeper runs every 30 s, so a socket may outlive its alive time by up to that much. */
export const DEFAULT_IDLE_SCAN_MS = 30_000;

/**
 * The alive time a private connection asked for with `?max_active_time=` (`30s`..`600s`, or
 * minutes as `1m`..`10m`); the default without it; null when the value is malformed or out of range.
 */
export function maxActiveMsOf(requestUrl: string): number | null {
  const query = new URL(requestUrl, 'ws://venue-sim').searchParams;
  const raw = query.get('max_active_time');
  if (raw === null) return DEFAULT_MAX_ACTIVE_MS;
  const match = /^(\d{1,4})([sm])$/.exec(raw);
  if (!match) return null;
  const ms = Number(match[1]) * (match[2] === 'm' ? 60_000 : 1000);
  return ms >= MIN_MAX_ACTIVE_MS && ms <= DEFAULT_MAX_ACTIVE_MS ? ms : null;
}
