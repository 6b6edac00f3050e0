import { Decimal } from '@flotilla/core';

/** What the RiskManager keeps across restarts: the kill switch and the UTC day's realised PnL. */
export interface RiskPersistedState {
  readonly killSwitch: {
    readonly engaged: boolean;
    readonly atMs: number | null;
    readonly by: string | null;
  };
  readonly daily: {
    /** UTC day, YYYY-MM-DD. */
    readonly day: string;
    /** Realised PnL since the day began or the operator's last reset (negative = loss). */
    readonly dailyRealizedPnl: Decimal;
    /** When an operator last reset the daily loss (this day), else null. */
    readonly resetAtMs: number | null;
    /** When the loss reached the limit (this day); entries stay blocked until the day ends or a reset. */
    readonly breachedAtMs: number | null;
  };
}

export const RISK_STATE_VERSION = 1;

/** The UTC calendar day of an epoch-ms instant, YYYY-MM-DD. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The document on disk: versioned, decimals as strings. */
export function toDocument(state: RiskPersistedState, savedAtMs: number): string {
  const doc = {
    version: RISK_STATE_VERSION,
    savedAt: new Date(savedAtMs).toISOString(),
    killSwitch: state.killSwitch,
    daily: {
      day: state.daily.day,
      dailyRealizedPnl: state.daily.dailyRealizedPnl.toFixed(),
      resetAtMs: state.daily.resetAtMs,
      breachedAtMs: state.daily.breachedAtMs,
    },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isMsOrNull = (v: unknown): v is number | null =>
  v === null || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0);
const isStringOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

/** Parses the document; returns what is wrong with it as a string instead of a state. */
export function fromDocument(text: string): RiskPersistedState | string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return `not valid JSON (${(err as Error).message})`;
  }
  if (!isObject(doc)) return 'not a JSON object';
  if (doc.version !== RISK_STATE_VERSION) {
    return `version ${JSON.stringify(doc.version)} is not ${RISK_STATE_VERSION}`;
  }
  const ks = doc.killSwitch;
  if (!isObject(ks) || typeof ks.engaged !== 'boolean') return 'killSwitch.engaged is missing';
  if (!isMsOrNull(ks.atMs) || !isStringOrNull(ks.by)) return 'killSwitch.atMs or .by is malformed';
  const d = doc.daily;
  if (!isObject(d) || typeof d.day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d.day)) {
    return 'daily.day is not a YYYY-MM-DD day';
  }
  if (typeof d.dailyRealizedPnl !== 'string' || !/^-?\d+(\.\d+)?$/.test(d.dailyRealizedPnl)) {
    return 'daily.dailyRealizedPnl is not a decimal string';
  }
  if (!isMsOrNull(d.resetAtMs) || !isMsOrNull(d.breachedAtMs ?? null)) {
    return 'daily.resetAtMs or .breachedAtMs is malformed';
  }
  return {
    killSwitch: { engaged: ks.engaged, atMs: ks.atMs, by: ks.by },
    daily: {
      day: d.day,
      dailyRealizedPnl: new Decimal(d.dailyRealizedPnl),
      resetAtMs: d.resetAtMs,
      breachedAtMs: (d.breachedAtMs as number | null | undefined) ?? null,
    },
  };
}
