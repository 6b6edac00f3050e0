import { Decimal, ManualClock, silentLogger } from '@flotilla/core';
import type { VenueEvent, VenuePort, VenueSubscription } from '@flotilla/engine';
import { VenueEventRouter } from './venue-event-router';

const fill = (symbol: string): VenueEvent => ({
  kind: 'fill',
  fill: {
    fillId: `f-${symbol}`,
    orderId: 'o1',
    clientOrderId: 'fle-x',
    symbol,
    side: 'buy',
    price: new Decimal('100'),
    qty: new Decimal('1'),
    fee: new Decimal('0.06'),
    maker: false,
    at: 0,
  },
});

/** A venue whose subscribe fails `failures` times, then hands out the listener. */
function venue(failures: number): {
  port: VenuePort;
  calls: () => number;
  emit: (e: VenueEvent) => void;
  unsubscribed: () => boolean;
} {
  let calls = 0;
  let listener: ((e: VenueEvent) => void) | null = null;
  let unsubscribed = false;
  const port = {
    subscribe: (l: (e: VenueEvent) => void): Promise<VenueSubscription> => {
      calls++;
      if (calls <= failures) return Promise.reject(new Error('venue down'));
      listener = l;
      return Promise.resolve({ unsubscribe: () => (unsubscribed = true) });
    },
  } as unknown as VenuePort;
  return {
    port,
    calls: () => calls,
    emit: (e) => listener?.(e),
    unsubscribed: () => unsubscribed,
  };
}

const flush = () => new Promise<void>((r) => setImmediate(r));

describe('VenueEventRouter', () => {
  it('routes each event to its symbol and counts what no engine took', async () => {
    const v = venue(0);
    const got: string[] = [];
    const router = new VenueEventRouter({
      venue: v.port,
      deliver: (symbol) => {
        got.push(symbol);
        return symbol === 'BTCUSDT';
      },
      clock: new ManualClock(),
      logger: silentLogger,
    });
    router.start();
    await flush();
    v.emit(fill('BTCUSDT'));
    v.emit(fill('ETHUSDT'));
    v.emit({
      kind: 'wallet',
      balance: {
        currency: 'USDT',
        total: new Decimal(1),
        free: new Decimal(1),
        used: new Decimal(0),
      },
    });
    expect(got).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(router.stats()).toEqual({ connected: true, delivered: 1, unrouted: 2 });
    router.stop();
    expect(v.unsubscribed()).toBe(true);
  });

  it('retries a failed subscribe on the injected clock, with backoff, until it works', async () => {
    const v = venue(2);
    const clock = new ManualClock();
    const router = new VenueEventRouter({
      venue: v.port,
      deliver: () => true,
      clock,
      logger: silentLogger,
    });
    router.start();
    await flush();
    expect(v.calls()).toBe(1);
    expect(router.connected).toBe(false);
    clock.advance(1_000);
    await flush();
    expect(v.calls()).toBe(2);
    clock.advance(2_000);
    await flush();
    expect(v.calls()).toBe(3);
    expect(router.connected).toBe(true);
    router.stop();
  });

  it('stop() during a retry wait ends the retries', async () => {
    const v = venue(5);
    const clock = new ManualClock();
    const router = new VenueEventRouter({
      venue: v.port,
      deliver: () => true,
      clock,
      logger: silentLogger,
    });
    router.start();
    await flush();
    router.stop();
    clock.advance(120_000);
    await flush();
    expect(v.calls()).toBe(1);
  });
});
