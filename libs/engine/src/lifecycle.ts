import { DomainError } from '@flotilla/core';
import type { EngineState } from './ports';

export const ENGINE_STATES: readonly EngineState[] = [
  'stopped',
  'starting',
  'running',
  'paused',
  'stopping',
  'crashed',
  'backoff',
  'failed',
];

/**
 * What moves an engine. Commands (start, stop, pause, resume) are followed by their completion
 * trigger (started, stopped) once the hook has run; a failing start hook fires startFailed.
 */
export type EngineTrigger =
  | 'start'
  | 'started'
  | 'startFailed'
  | 'stop'
  | 'stopped'
  | 'pause'
  | 'resume'
  | 'crash'
  | 'scheduleRestart'
  | 'restartDue'
  | 'giveUp';

export const ENGINE_TRIGGERS: readonly EngineTrigger[] = [
  'start',
  'started',
  'startFailed',
  'stop',
  'stopped',
  'pause',
  'resume',
  'crash',
  'scheduleRestart',
  'restartDue',
  'giveUp',
];

/** The whole lifecycle: (state, trigger) → state. A pair not listed is a bug and throws. */
export const LIFECYCLE_TABLE: Readonly<
  Record<EngineState, Readonly<Partial<Record<EngineTrigger, EngineState>>>>
> = {
  stopped: { start: 'starting' },
  starting: { started: 'running', startFailed: 'crashed', crash: 'crashed', stop: 'stopping' },
  running: { pause: 'paused', stop: 'stopping', crash: 'crashed' },
  paused: { resume: 'running', stop: 'stopping', crash: 'crashed' },
  stopping: { stopped: 'stopped' },
  crashed: { scheduleRestart: 'backoff', giveUp: 'failed', start: 'starting', stop: 'stopping' },
  backoff: { restartDue: 'starting', stop: 'stopping' },
  failed: { start: 'starting', stop: 'stopping' },
};

/** The target of (state, trigger); throws INVALID_TRANSITION naming both when the pair is not in the table. */
export function nextState(state: EngineState, trigger: EngineTrigger): EngineState {
  const target = LIFECYCLE_TABLE[state][trigger];
  if (target === undefined) {
    throw new DomainError(
      'INVALID_TRANSITION',
      `invalid engine transition: trigger "${trigger}" in state "${state}"`,
    );
  }
  return target;
}

export function canTransition(state: EngineState, trigger: EngineTrigger): boolean {
  return LIFECYCLE_TABLE[state][trigger] !== undefined;
}

/** A Mermaid stateDiagram drawn from the table, for the README. */
export function renderLifecycleMermaid(): string {
  const lines = ['stateDiagram-v2', '  [*] --> stopped'];
  for (const state of ENGINE_STATES) {
    for (const trigger of ENGINE_TRIGGERS) {
      const target = LIFECYCLE_TABLE[state][trigger];
      if (target !== undefined) lines.push(`  ${state} --> ${target}: ${trigger}`);
    }
  }
  return lines.join('\n') + '\n';
}
