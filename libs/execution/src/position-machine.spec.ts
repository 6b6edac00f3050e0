import { DomainError } from '@flotilla/core';
import type { PositionState } from './contracts';
import {
  POSITION_STATES,
  POSITION_TRIGGERS,
  canPositionTransition,
  nextPositionState,
  renderPositionMermaid,
  type PositionTrigger,
} from './position-machine';

/** Written out independently of POSITION_TABLE. */
const EXPECTED: Array<[PositionState, PositionTrigger, PositionState]> = [
  ['flat', 'submitEntry', 'opening'],
  ['flat', 'adopt', 'unprotected'],
  ['opening', 'filled', 'unprotected'],
  ['opening', 'entryFailed', 'flat'],
  ['unprotected', 'stopConfirmed', 'open'],
  ['unprotected', 'close', 'closing'],
  ['unprotected', 'closed', 'flat'],
  ['open', 'stopLost', 'unprotected'],
  ['open', 'close', 'closing'],
  ['open', 'closed', 'flat'],
  ['closing', 'closed', 'flat'],
  ['closing', 'closeFailed', 'unprotected'],
];

const allPairs = POSITION_STATES.flatMap((s) => POSITION_TRIGGERS.map((t) => [s, t] as const));
const expectedTarget = (s: PositionState, t: PositionTrigger) =>
  EXPECTED.find(([es, et]) => es === s && et === t)?.[2];
const invalidPairs = allPairs.filter(([s, t]) => expectedTarget(s, t) === undefined);

describe('position state table', () => {
  it('covers 5 states x 9 triggers and allows exactly the expected 12 pairs', () => {
    expect(allPairs).toHaveLength(45);
    expect(allPairs.filter(([s, t]) => canPositionTransition(s, t))).toHaveLength(EXPECTED.length);
  });

  it.each(EXPECTED)('%s + %s -> %s', (state, trigger, target) => {
    expect(nextPositionState(state, trigger)).toBe(target);
  });

  it.each(invalidPairs)('%s + %s throws INVALID_TRANSITION naming both', (state, trigger) => {
    expect(canPositionTransition(state, trigger)).toBe(false);
    let thrown: unknown;
    try {
      nextPositionState(state, trigger);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).code).toBe('INVALID_TRANSITION');
    expect((thrown as DomainError).message).toContain(`"${trigger}" in state "${state}"`);
  });

  it('never goes from opening to open without passing unprotected', () => {
    expect(POSITION_TRIGGERS.some((t) => expectedTarget('opening', t) === 'open')).toBe(false);
  });

  it('draws every allowed edge in the Mermaid diagram', () => {
    const diagram = renderPositionMermaid();
    for (const [s, t, target] of EXPECTED) expect(diagram).toContain(`${s} --> ${target}: ${t}`);
  });
});
