import type { DesiredState, EngineRecord, EngineState } from '@flotilla/engine';

/**
 * What boot does with one registry record:
 * - start: desired running and last seen healthy; started again (staggered);
 * - recover: desired running but last seen crashed or waiting in backoff; restored as crashed and
 *   handed to the RecoveryPolicy, so a reboot neither skips the backoff delay nor the hourly limit;
 * - holdFailed: desired running but failed at the restart limit; stays failed until an operator
 *   starts or restarts it (SPEC 3);
 * - idle: desired stopped.
 */
export type ResumeAction = 'start' | 'recover' | 'holdFailed' | 'idle';

export interface ResumeItem {
  readonly symbol: string;
  readonly action: ResumeAction;
  readonly desired: DesiredState;
  /** Epoch ms of automatic restarts, as persisted. */
  readonly history: number[];
  readonly lastObserved: EngineState;
  readonly lastError: string | null;
}

export interface ResumeSummary {
  started: string[];
  recovering: string[];
  heldFailed: string[];
  /** Records whose observed state a killed process left as live; written as what it is now. */
  corrected: string[];
}

const RECOVERING: ReadonlySet<EngineState> = new Set(['crashed', 'backoff']);

function actionFor(record: EngineRecord): ResumeAction {
  if (record.desiredState !== 'running') return 'idle';
  if (record.observedState === 'failed') return 'holdFailed';
  if (RECOVERING.has(record.observedState)) return 'recover';
  return 'start';
}

export function planResume(records: readonly EngineRecord[]): ResumeItem[] {
  return records.map((record) => ({
    symbol: record.symbol,
    action: actionFor(record),
    desired: record.desiredState,
    history: record.restartHistory.map((t) => Date.parse(t)).filter(Number.isFinite),
    lastObserved: record.observedState,
    lastError: record.health?.lastError ?? null,
  }));
}
