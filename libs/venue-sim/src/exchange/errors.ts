/** Bybit's retCodes for the refusals the simulated exchange answers (research §4). */
export const RET = {
  PARAMS: 10001,
  API_KEY_INVALID: 10003,
  ORDER_NOT_FOUND: 110001,
  INSUFFICIENT_BALANCE: 110007,
  TOO_MANY_STOP_ORDERS: 110009,
  REDUCE_ONLY: 110017,
  TOO_MANY_ACTIVE_ORDERS: 110020,
  POSITION_MODE_UNCHANGED: 110025,
  LEVERAGE_UNCHANGED: 110043,
  DUPLICATE_ORDER_LINK_ID: 110072,
  TRIGGER_NOT_RISING: 110092,
  TRIGGER_NOT_FALLING: 110093,
  MIN_NOTIONAL: 110094,
} as const;

export type RetCode = (typeof RET)[keyof typeof RET];

/** A refusal the venue answers with a Bybit retCode (HTTP 200, `{retCode, retMsg}`). */
export class ExchangeRefusal extends Error {
  constructor(
    readonly retCode: RetCode,
    readonly retMsg: string,
  ) {
    super(`${retCode}: ${retMsg}`);
    this.name = 'ExchangeRefusal';
  }
}

export function refuse(retCode: RetCode, retMsg: string): never {
  throw new ExchangeRefusal(retCode, retMsg);
}
