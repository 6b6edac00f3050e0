import { DomainError } from '@flotilla/core';
import type { OrderState } from './contracts';

export const ORDER_STATES: readonly OrderState[] = [
  'new',
  'submitted',
  'accepted',
  'rejected',
  'partially-filled',
  'filled',
  'cancelled',
  'expired',
  'unknown',
];

/**
 * What moves an order. `unclear` marks a send whose outcome is not known (timeout, dropped
 * answer); only a lookup by client order id resolves it, or a `resend` with the same id.
 */
export type OrderTrigger =
  | 'submit'
  | 'accept'
  | 'reject'
  | 'partialFill'
  | 'fill'
  | 'cancel'
  | 'expire'
  | 'unclear'
  | 'resend';

export const ORDER_TRIGGERS: readonly OrderTrigger[] = [
  'submit',
  'accept',
  'reject',
  'partialFill',
  'fill',
  'cancel',
  'expire',
  'unclear',
  'resend',
];

/**
 * (state, trigger) → state. A market order's fill can overtake its acknowledgement on the private
 * stream, so a submitted order may fill directly. Rejected, filled, cancelled and expired are final.
 */
export const ORDER_TABLE: Readonly<
  Record<OrderState, Readonly<Partial<Record<OrderTrigger, OrderState>>>>
> = {
  new: { submit: 'submitted' },
  submitted: {
    accept: 'accepted',
    reject: 'rejected',
    partialFill: 'partially-filled',
    fill: 'filled',
    cancel: 'cancelled',
    expire: 'expired',
    unclear: 'unknown',
  },
  accepted: {
    partialFill: 'partially-filled',
    fill: 'filled',
    cancel: 'cancelled',
    expire: 'expired',
  },
  'partially-filled': {
    partialFill: 'partially-filled',
    fill: 'filled',
    cancel: 'cancelled',
    expire: 'expired',
  },
  unknown: {
    accept: 'accepted',
    reject: 'rejected',
    partialFill: 'partially-filled',
    fill: 'filled',
    cancel: 'cancelled',
    expire: 'expired',
    resend: 'submitted',
  },
  rejected: {},
  filled: {},
  cancelled: {},
  expired: {},
};

export function nextOrderState(state: OrderState, trigger: OrderTrigger): OrderState {
  const target = ORDER_TABLE[state][trigger];
  if (target === undefined) {
    throw new DomainError(
      'INVALID_TRANSITION',
      `invalid order transition: trigger "${trigger}" in state "${state}"`,
    );
  }
  return target;
}

export function canOrderTransition(state: OrderState, trigger: OrderTrigger): boolean {
  return ORDER_TABLE[state][trigger] !== undefined;
}

export function isOrderFinal(state: OrderState): boolean {
  return Object.keys(ORDER_TABLE[state]).length === 0;
}

/** A Mermaid stateDiagram drawn from the table, for the README. */
export function renderOrderMermaid(): string {
  const lines = ['stateDiagram-v2', '  [*] --> new'];
  for (const state of ORDER_STATES) {
    for (const trigger of ORDER_TRIGGERS) {
      const target = ORDER_TABLE[state][trigger];
      if (target !== undefined) lines.push(`  ${state} --> ${target}: ${trigger}`);
    }
  }
  return lines.join('\n') + '\n';
}
