import { usageError } from './exit-codes';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export const DURATION_RULE = 'a number with a unit: ms, s, m, h or d (500ms, 30s, 2m)';

/** `500ms`, `30s`, `2m`, `1.5h`, `1d` in milliseconds; a bare number is refused (which unit?). */
export function parseDuration(text: string, what: string): number {
  const m = DURATION.exec(text.trim());
  const ms = m ? Math.round(Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]) : NaN;
  if (!Number.isFinite(ms) || ms <= 0) {
    throw usageError(`${what} "${text}" is not a duration: ${DURATION_RULE}`);
  }
  return ms;
}

/** `--since`: a relative age (`15m`: 15 minutes before now) or an ISO-8601 time; ISO UTC out. */
export function parseSince(text: string, nowMs: number): string {
  if (DURATION.test(text.trim()))
    return new Date(nowMs - parseDuration(text, '--since')).toISOString();
  const ms = ISO_TIME.test(text.trim()) ? Date.parse(text.trim()) : NaN;
  if (!Number.isFinite(ms)) {
    throw usageError(
      `--since "${text}" is neither an ISO-8601 time (2026-12-02T05:00:00Z) nor an age (15m, 2h)`,
    );
  }
  return new Date(ms).toISOString();
}

/** A positive integer option such as --lines or --limit, within max. */
export function parseCount(text: string, what: string, max: number): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > max) {
    throw usageError(`${what} "${text}" must be a whole number from 1 to ${max}`);
  }
  return n;
}

/** 30000 → "30s", 1500 → "1.5s", 120000 → "2m": how a duration was given, for messages. */
export function formatDuration(ms: number): string {
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000}m`;
  if (ms >= 1000) return `${ms / 1000}s`;
  return `${ms}ms`;
}
