import {
  AuthenticationError,
  ExchangeNotAvailable,
  InsufficientFunds,
  InvalidNonce,
  InvalidOrder,
  NetworkError,
  OrderNotFound,
  RateLimitExceeded,
  RequestTimeout,
} from 'ccxt';
import { BrokenCircuitError } from 'cockatiel';
import { classifyVenueError, isVenueFailure } from './classify';

const body = (retCode: number, retMsg: string): string =>
  `bybit {"retCode":${retCode},"retMsg":"${retMsg}","result":{},"time":1}`;

describe('classifyVenueError (on ccxt’s own classes)', () => {
  it.each([
    [new RateLimitExceeded(body(10006, 'Too many visits!')), 'retryable', 10006],
    [
      new InvalidNonce(body(10002, 'invalid request, please check your server timestamp')),
      'retryable',
      10002,
    ],
    [
      new RequestTimeout('bybit POST https://x/v5/order/create request timed out (10000 ms)'),
      'unknown-outcome',
      undefined,
    ],
    [
      new ExchangeNotAvailable('bybit POST https://x 503 Service Unavailable'),
      'unknown-outcome',
      undefined,
    ],
    [new NetworkError('ECONNRESET'), 'unknown-outcome', undefined],
    [new InvalidOrder(body(110094, 'Order does not meet minimum order value')), 'rejected', 110094],
    [new InsufficientFunds(body(110007, 'ab not enough for new order')), 'rejected', 110007],
    [
      new OrderNotFound(body(110001, 'order not exists or too late to replace')),
      'rejected',
      110001,
    ],
    [new AuthenticationError(body(10003, 'API key is invalid.')), 'rejected', 10003],
  ])('%s → %s', (err, kind, retCode) => {
    expect(classifyVenueError(err)).toMatchObject({ kind, retCode });
  });

  it('reads 110072 as "already placed" although ccxt raises a plain InvalidOrder', () => {
    const err = new InvalidOrder(body(110072, 'OrderLinkedID is duplicate'));
    expect(classifyVenueError(err)).toEqual({
      kind: 'duplicate',
      retCode: 110072,
      reason: 'OrderLinkedID is duplicate',
    });
  });

  it("keeps the venue's reason for a rejection", () => {
    const err = new InvalidOrder(
      body(110093, 'expect Falling, but trigger_price[1] >= current[0]'),
    );
    expect(classifyVenueError(err).reason).toBe(
      'expect Falling, but trigger_price[1] >= current[0]',
    );
  });

  it('treats retCode 10016 (server error) as an unknown outcome whatever class ccxt picked', () => {
    expect(classifyVenueError(new RequestTimeout(body(10016, 'Server error')))).toMatchObject({
      kind: 'unknown-outcome',
      retCode: 10016,
    });
  });

  it('treats an error from outside ccxt as an unknown outcome, and an open circuit as retryable', () => {
    expect(classifyVenueError(new TypeError('x')).kind).toBe('unknown-outcome');
    expect(classifyVenueError(new BrokenCircuitError()).kind).toBe('retryable');
  });

  it('counts network trouble as a venue failure, a refusal or a duplicate not', () => {
    expect(isVenueFailure(new RequestTimeout('t'))).toBe(true);
    expect(isVenueFailure(new RateLimitExceeded(body(10006, 'x')))).toBe(true);
    expect(isVenueFailure(new InvalidOrder(body(110094, 'x')))).toBe(false);
    expect(isVenueFailure(new InvalidOrder(body(110072, 'x')))).toBe(false);
  });
});
