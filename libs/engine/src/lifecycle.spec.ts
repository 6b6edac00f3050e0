import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '@flotilla/core';
import {
  ENGINE_STATES,
  ENGINE_TRIGGERS,
  canTransition,
  nextState,
  renderLifecycleMermaid,
  type EngineTrigger,
} from './lifecycle';
import type { EngineState } from './ports';

/** The expected table, written out independently of LIFECYCLE_TABLE. */
const EXPECTED: Array<[EngineState, EngineTrigger, EngineState]> = [
  ['stopped', 'start', 'starting'],
  ['starting', 'started', 'running'],
  ['starting', 'startFailed', 'crashed'],
  ['starting', 'crash', 'crashed'],
  ['starting', 'stop', 'stopping'],
  ['running', 'pause', 'paused'],
  ['running', 'stop', 'stopping'],
  ['running', 'crash', 'crashed'],
  ['paused', 'resume', 'running'],
  ['paused', 'stop', 'stopping'],
  ['paused', 'crash', 'crashed'],
  ['stopping', 'stopped', 'stopped'],
  ['crashed', 'scheduleRestart', 'backoff'],
  ['crashed', 'giveUp', 'failed'],
  ['crashed', 'start', 'starting'],
  ['crashed', 'stop', 'stopping'],
  ['backoff', 'restartDue', 'starting'],
  ['backoff', 'stop', 'stopping'],
  ['failed', 'start', 'starting'],
  ['failed', 'stop', 'stopping'],
];

const allPairs = ENGINE_STATES.flatMap((s) => ENGINE_TRIGGERS.map((t) => [s, t] as const));
const expectedTarget = (s: EngineState, t: EngineTrigger) =>
  EXPECTED.find(([es, et]) => es === s && et === t)?.[2];

describe('engine lifecycle table', () => {
  it('covers 8 states x 11 triggers', () => {
    expect(allPairs).toHaveLength(88);
  });

  const invalidPairs = allPairs.filter(([s, t]) => expectedTarget(s, t) === undefined);

  it('allows exactly the 20 expected pairs and no other', () => {
    const allowed = allPairs.filter(([s, t]) => canTransition(s, t));
    expect(allowed).toHaveLength(20);
    expect(allowed.map(([s, t]) => [s, t, nextState(s, t)])).toEqual(
      expect.arrayContaining(EXPECTED),
    );
  });

  it.each(EXPECTED)('%s + %s -> %s', (state, trigger, target) => {
    expect(canTransition(state, trigger)).toBe(true);
    expect(nextState(state, trigger)).toBe(target);
  });

  it.each(invalidPairs)('%s + %s throws INVALID_TRANSITION', (state, trigger) => {
    expect(canTransition(state, trigger)).toBe(false);
    expect(() => nextState(state, trigger)).toThrow(
      `invalid engine transition: trigger "${trigger}" in state "${state}"`,
    );
    let caught: unknown;
    try {
      nextState(state, trigger);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).code).toBe('INVALID_TRANSITION');
  });

  it('draws every valid edge in the Mermaid diagram', () => {
    const diagram = renderLifecycleMermaid();
    expect(diagram.startsWith('stateDiagram-v2\n')).toBe(true);
    for (const [s, t, target] of EXPECTED) expect(diagram).toContain(`${s} --> ${target}: ${t}`);
    expect(diagram.trim().split('\n')).toHaveLength(EXPECTED.length + 2);
  });

  it("is what the README's state diagram shows", () => {
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    const block = /```mermaid\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block?.trim()).toBe(renderLifecycleMermaid().trim());
  });
});
