import { DomainError } from '@flotilla/core';
import type { PositionState } from './contracts';

export const POSITION_STATES: readonly PositionState[] = [
  'flat',
  'opening',
  'unprotected',
  'open',
  'closing',
];

/**
 * What moves a position. `unprotected` (filled, no venue-side stop confirmed) is never left
 * standing: the stop guard confirms or places the stop, or closes the position at market.
 */
export type PositionTrigger =
  | 'submitEntry'
  | 'entryFailed'
  | 'filled'
  | 'adopt'
  | 'stopConfirmed'
  | 'stopLost'
  | 'close'
  | 'closeFailed'
  | 'closed';

export const POSITION_TRIGGERS: readonly PositionTrigger[] = [
  'submitEntry',
  'entryFailed',
  'filled',
  'adopt',
  'stopConfirmed',
  'stopLost',
  'close',
  'closeFailed',
  'closed',
];

/**
 * (state, trigger) → state. `closed` is accepted from every held state because the venue's own
 * stop or take profit can close a position at any moment; `adopt` takes in a position found on
 * the venue (reconciliation, or a fill nobody here sent).
 */
export const POSITION_TABLE: Readonly<
  Record<PositionState, Readonly<Partial<Record<PositionTrigger, PositionState>>>>
> = {
  flat: { submitEntry: 'opening', adopt: 'unprotected' },
  opening: { filled: 'unprotected', entryFailed: 'flat' },
  unprotected: { stopConfirmed: 'open', close: 'closing', closed: 'flat' },
  open: { stopLost: 'unprotected', close: 'closing', closed: 'flat' },
  closing: { closed: 'flat', closeFailed: 'unprotected' },
};

export function nextPositionState(state: PositionState, trigger: PositionTrigger): PositionState {
  const target = POSITION_TABLE[state][trigger];
  if (target === undefined) {
    throw new DomainError(
      'INVALID_TRANSITION',
      `invalid position transition: trigger "${trigger}" in state "${state}"`,
    );
  }
  return target;
}

export function canPositionTransition(state: PositionState, trigger: PositionTrigger): boolean {
  return POSITION_TABLE[state][trigger] !== undefined;
}

/** A Mermaid stateDiagram drawn from the table, for the README. */
export function renderPositionMermaid(): string {
  const lines = ['stateDiagram-v2', '  [*] --> flat'];
  for (const state of POSITION_STATES) {
    for (const trigger of POSITION_TRIGGERS) {
      const target = POSITION_TABLE[state][trigger];
      if (target !== undefined) lines.push(`  ${state} --> ${target}: ${trigger}`);
    }
  }
  return lines.join('\n') + '\n';
}
