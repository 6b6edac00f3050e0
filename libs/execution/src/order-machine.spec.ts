import { DomainError } from '@flotilla/core';
import type { OrderState } from './contracts';
import {
  ORDER_STATES,
  ORDER_TRIGGERS,
  canOrderTransition,
  isOrderFinal,
  nextOrderState,
  renderOrderMermaid,
  type OrderTrigger,
} from './order-machine';

/** Written out independently of ORDER_TABLE. */
const EXPECTED: Array<[OrderState, OrderTrigger, OrderState]> = [
  ['new', 'submit', 'submitted'],
  ['submitted', 'accept', 'accepted'],
  ['submitted', 'reject', 'rejected'],
  ['submitted', 'partialFill', 'partially-filled'],
  ['submitted', 'fill', 'filled'],
  ['submitted', 'cancel', 'cancelled'],
  ['submitted', 'expire', 'expired'],
  ['submitted', 'unclear', 'unknown'],
  ['accepted', 'partialFill', 'partially-filled'],
  ['accepted', 'fill', 'filled'],
  ['accepted', 'cancel', 'cancelled'],
  ['accepted', 'expire', 'expired'],
  ['partially-filled', 'partialFill', 'partially-filled'],
  ['partially-filled', 'fill', 'filled'],
  ['partially-filled', 'cancel', 'cancelled'],
  ['partially-filled', 'expire', 'expired'],
  ['unknown', 'accept', 'accepted'],
  ['unknown', 'reject', 'rejected'],
  ['unknown', 'partialFill', 'partially-filled'],
  ['unknown', 'fill', 'filled'],
  ['unknown', 'cancel', 'cancelled'],
  ['unknown', 'expire', 'expired'],
  ['unknown', 'resend', 'submitted'],
];

const allPairs = ORDER_STATES.flatMap((s) => ORDER_TRIGGERS.map((t) => [s, t] as const));
const expectedTarget = (s: OrderState, t: OrderTrigger) =>
  EXPECTED.find(([es, et]) => es === s && et === t)?.[2];
const invalidPairs = allPairs.filter(([s, t]) => expectedTarget(s, t) === undefined);

describe('order state table', () => {
  it('covers 9 states x 9 triggers and allows exactly the expected 23 pairs', () => {
    expect(allPairs).toHaveLength(81);
    expect(allPairs.filter(([s, t]) => canOrderTransition(s, t))).toHaveLength(EXPECTED.length);
  });

  it.each(EXPECTED)('%s + %s -> %s', (state, trigger, target) => {
    expect(nextOrderState(state, trigger)).toBe(target);
  });

  it.each(invalidPairs)('%s + %s throws INVALID_TRANSITION naming both', (state, trigger) => {
    expect(canOrderTransition(state, trigger)).toBe(false);
    let thrown: unknown;
    try {
      nextOrderState(state, trigger);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).code).toBe('INVALID_TRANSITION');
    expect((thrown as DomainError).message).toContain(`"${trigger}" in state "${state}"`);
  });

  it('reaches filled only after submitted', () => {
    expect(canOrderTransition('new', 'fill')).toBe(false);
    expect(isOrderFinal('filled')).toBe(true);
    expect(isOrderFinal('unknown')).toBe(false);
  });

  it('draws every allowed edge in the Mermaid diagram', () => {
    const diagram = renderOrderMermaid();
    for (const [s, t, target] of EXPECTED) expect(diagram).toContain(`${s} --> ${target}: ${t}`);
  });
});
