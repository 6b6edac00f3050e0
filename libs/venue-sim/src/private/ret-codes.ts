/** retCodes the private transport answers itself, before the exchange sees a request (research §1.1, §2). */
export const TRANSPORT_RET = {
  PARAMS: 10001,
  TIME_WINDOW: 10002,
  API_KEY_INVALID: 10003,
  SIGN_INVALID: 10004,
  TOO_MANY_VISITS: 10006,
  SERVER_ERROR: 10016,
} as const;

export type TransportRetCode = (typeof TRANSPORT_RET)[keyof typeof TRANSPORT_RET];
