import { isoUtc } from '@flotilla/core';
import type { DesiredState, EngineRecord, EngineRecordPatch, EngineState } from '@flotilla/engine';

const ENGINE_STATE_SET: Record<EngineState, true> = {
  stopped: true,
  starting: true,
  running: true,
  paused: true,
  stopping: true,
  crashed: true,
  backoff: true,
  failed: true,
};
const DESIRED_STATE_SET: Record<DesiredState, true> = { running: true, stopped: true };

export const ENGINE_STATES = Object.keys(ENGINE_STATE_SET) as EngineState[];
export const DESIRED_STATES = Object.keys(DESIRED_STATE_SET) as DesiredState[];

export const isoAt = isoUtc;

/** A record as the port defines it before any patch: stopped and wanting to stay stopped. */
export function newRecord(symbol: string, nowIso: string): EngineRecord {
  return {
    symbol,
    desiredState: 'stopped',
    observedState: 'stopped',
    health: null,
    configOverrides: {},
    restartHistory: [],
    createdAt: nowIso,
    updatedAt: nowIso,
    version: 0,
  };
}

/** Fields present in the patch replace the record's; version goes up by one per write. */
export function applyPatch(
  record: EngineRecord,
  patch: EngineRecordPatch,
  nowIso: string,
): EngineRecord {
  const next: EngineRecord = { ...record, updatedAt: nowIso, version: record.version + 1 };
  if (patch.desiredState !== undefined) next.desiredState = patch.desiredState;
  if (patch.observedState !== undefined) next.observedState = patch.observedState;
  if (patch.health !== undefined) next.health = patch.health ? { ...patch.health } : null;
  if (patch.configOverrides !== undefined) next.configOverrides = { ...patch.configOverrides };
  if (patch.restartHistory !== undefined) next.restartHistory = patch.restartHistory.map(toIsoMs);
  return next;
}

/** Millisecond UTC ISO, the form every adapter returns (Postgres timestamptz reads back this way). */
function toIsoMs(iso: string): string {
  return new Date(iso).toISOString();
}

/** Later patch fields win; used to fold queued writes for one symbol into one. */
export function mergePatches(a: EngineRecordPatch, b: EngineRecordPatch): EngineRecordPatch {
  const merged: EngineRecordPatch = { ...a };
  for (const [key, value] of Object.entries(b)) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}

export function cloneRecord(record: EngineRecord): EngineRecord {
  return structuredClone(record);
}

/** JSON with object keys sorted: equal for equal content whatever the key order (jsonb reorders). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isPlainObject(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIso(value: unknown): boolean {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

/** The fields a patch may set (a record's content); recordProblem and patchProblem check each the same way. */
export const PATCH_FIELDS = [
  'desiredState',
  'observedState',
  'health',
  'configOverrides',
  'restartHistory',
] as const;
type PatchField = (typeof PATCH_FIELDS)[number];

/** What is wrong with one patchable field's value (undefined counts as missing), or null. */
function fieldProblem(field: PatchField, value: unknown): string | null {
  switch (field) {
    case 'desiredState':
      return DESIRED_STATES.includes(value as DesiredState)
        ? null
        : `desiredState ${JSON.stringify(value)} is not one of ${DESIRED_STATES.join(', ')}`;
    case 'observedState':
      return ENGINE_STATES.includes(value as EngineState)
        ? null
        : `observedState ${JSON.stringify(value)} is not one of ${ENGINE_STATES.join(', ')}`;
    case 'health':
      return value === null || (isPlainObject(value) && typeof value.eventsProcessed === 'number')
        ? null
        : 'health is neither null nor a health snapshot';
    case 'configOverrides':
      return isPlainObject(value) ? null : 'configOverrides is not an object';
    case 'restartHistory':
      return Array.isArray(value) && value.every(isIso)
        ? null
        : 'restartHistory is not a list of ISO times';
  }
}

/** Returns what is wrong with a stored record, or null when it has the port's shape. */
export function recordProblem(value: unknown, expectedSymbol: string): string | null {
  if (!isPlainObject(value)) return 'is not an object';
  if (value.symbol !== expectedSymbol) {
    return `symbol is ${JSON.stringify(value.symbol)}, expected ${JSON.stringify(expectedSymbol)}`;
  }
  for (const field of PATCH_FIELDS) {
    const problem = fieldProblem(field, value[field]);
    if (problem) return problem;
  }
  if (!isIso(value.createdAt)) return 'createdAt is not an ISO time';
  if (!isIso(value.updatedAt)) return 'updatedAt is not an ISO time';
  if (!Number.isInteger(value.version) || (value.version as number) < 0) {
    return 'version is not a non-negative integer';
  }
  return null;
}

/** What is wrong with a patch (one a store would refuse, or accept and later fail to read), or null. */
export function patchProblem(value: unknown): string | null {
  if (!isPlainObject(value)) return 'is not an object';
  const unknown = Object.keys(value).find(
    (key) => !(PATCH_FIELDS as readonly string[]).includes(key),
  );
  if (unknown !== undefined) return `has unknown field ${JSON.stringify(unknown)}`;
  for (const field of PATCH_FIELDS) {
    if (value[field] === undefined) continue;
    const problem = fieldProblem(field, value[field]);
    if (problem) return problem;
  }
  return null;
}

/** Throws before a bad patch reaches any store; a programming error, so not a DomainError. */
export function assertValidPatch(symbol: string, patch: EngineRecordPatch): void {
  const problem = patchProblem(patch);
  if (problem) throw new TypeError(`engine registry patch for ${symbol} ${problem}`);
}
