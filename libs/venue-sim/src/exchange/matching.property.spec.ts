import fc from 'fast-check';
import { Decimal } from '@flotilla/core';
import { ExchangeRefusal } from './errors';
import { Fixture, fixture, KEY, price, qty } from './exchange-fixture';
import { SimExecution } from './types';

type Kind = 'Market' | 'GTC' | 'IOC' | 'FOK' | 'PostOnly' | 'Stop';
type Command =
  | {
      op: 'place';
      side: 'Buy' | 'Sell';
      kind: Kind;
      offset: number;
      steps: number;
      reduceOnly: boolean;
    }
  | { op: 'cancel'; index: number }
  | { op: 'step'; times: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('place' as const),
      side: fc.constantFrom('Buy' as const, 'Sell' as const),
      kind: fc.constantFrom<Kind>('Market', 'GTC', 'IOC', 'FOK', 'PostOnly', 'Stop'),
      offset: fc.integer({ min: -15, max: 15 }),
      steps: fc.integer({ min: 1, max: 900 }),
      reduceOnly: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), index: fc.nat(20) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('step' as const),
      times: fc.integer({ min: 1, max: 4 }),
    }),
  },
);

type Book = { asks: Map<number, number>; bids: Map<number, number> };

function snapshotBook(f: Fixture): Book {
  return {
    asks: new Map(f.btc.book.asks.levels(1000)),
    bids: new Map(f.btc.book.bids.levels(1000)),
  };
}

function run(f: Fixture, c: Command): void {
  if (c.op === 'cancel') {
    const open = f.exchange.openOrders(KEY, { symbol: 'BTCUSDT' });
    const target = open[c.index % Math.max(1, open.length)];
    if (target)
      f.exchange.cancelOrder(KEY, {
        category: 'linear',
        symbol: 'BTCUSDT',
        orderId: target.orderId,
      });
    return;
  }
  if (c.op === 'place') {
    const touch = c.side === 'Buy' ? f.btc.book.asks.best() : f.btc.book.bids.best();
    const base = { side: c.side, qty: qty(f.btc, c.steps), reduceOnly: c.reduceOnly };
    if (c.kind === 'Market') f.place({ ...base, orderType: 'Market' });
    else if (c.kind === 'Stop') {
      const last = f.btc.lastPriceTicks;
      const up = c.offset >= 0;
      const trigger = price(f.btc, last + (up ? 1 + c.offset : c.offset - 1));
      f.place({
        ...base,
        orderType: 'Market',
        triggerPrice: trigger,
        triggerDirection: up ? 1 : 2,
      });
    } else {
      const limit = price(f.btc, (touch ?? f.btc.lastPriceTicks) + c.offset);
      f.place({ ...base, orderType: 'Limit', timeInForce: c.kind, price: limit });
    }
  }
}

describe('Exchange matching properties (fast-check)', () => {
  it('keeps the books balanced and honest for random order sequences', () => {
    fc.assert(
      fc.property(
        fc.array(command, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 50 }),
        (commands, seed) => {
          const f = fixture(seed);
          const deposit = new Decimal(100000);
          let seen = 0;
          const expectConsistent = (book: Book): void => {
            const fills = f.exchange.executions(KEY, {}).reverse();
            expectFillsHonest(f, fills.slice(seen), book);
            seen = fills.length;
            expectAccountsBalanced(f, fills, deposit);
          };
          for (const c of commands) {
            if (c.op === 'step') {
              for (let i = 0; i < c.times; i++) {
                f.clock.advance(100);
                const trades = f.btc.step(f.clock.now());
                const book = snapshotBook(f);
                f.exchange.onMarketUpdate(f.btc, trades);
                expectConsistent(book);
              }
              continue;
            }
            const book = snapshotBook(f);
            try {
              run(f, c);
            } catch (error) {
              if (!(error instanceof ExchangeRefusal)) throw error;
            }
            expectConsistent(book);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

/** No fill outside the book at that instant; PostOnly never takes; reduce-only only closes. */
function expectFillsHonest(f: Fixture, fills: SimExecution[], book: Book): void {
  const orders = new Map(f.exchange.allOrders(KEY).map((o) => [o.orderId, o]));
  const taken = new Map<string, number>();
  for (const e of fills) {
    const order = orders.get(e.orderId);
    if (!order) throw new Error(`fill of unknown order ${e.orderId}`);
    const ticks = e.execPrice.div(f.btc.grid.spec.tickSize).toNumber();
    const steps = e.execQty.div(f.btc.grid.spec.qtyStep).toNumber();
    if (e.isMaker) {
      expect(e.execPrice.eq(order.price ?? -1)).toBe(true);
    } else {
      const side = e.side === 'Buy' ? book.asks : book.bids;
      const key = `${e.side}:${ticks}`;
      taken.set(key, (taken.get(key) ?? 0) + steps);
      expect(taken.get(key)).toBeLessThanOrEqual(side.get(ticks) ?? 0);
      if (order.price !== null) {
        expect(e.side === 'Buy' ? e.execPrice.lte(order.price) : e.execPrice.gte(order.price)).toBe(
          true,
        );
      }
    }
    expect(order.timeInForce === 'PostOnly' && !e.isMaker).toBe(false);
    if (order.reduceOnly) expect(e.closedSize.eq(e.execQty)).toBe(true);
  }
}

/** Position = Σ signed fills; equity = deposit + realised − fees + unrealised, two ways. */
function expectAccountsBalanced(f: Fixture, fills: SimExecution[], deposit: Decimal): void {
  let size = new Decimal(0);
  let cash = new Decimal(0);
  let realised = new Decimal(0);
  let fees = new Decimal(0);
  for (const e of fills) {
    const signed = e.side === 'Buy' ? e.execQty : e.execQty.neg();
    size = size.add(signed);
    cash = cash.sub(signed.mul(e.execPrice));
    realised = realised.add(e.execPnl);
    fees = fees.add(e.execFee);
  }
  const [position] = f.exchange.positions(KEY, 'BTCUSDT');
  expect(position.position.size.toFixed()).toBe(size.toFixed());
  const wallet = f.exchange.wallet(KEY);
  expect(wallet.equity.toFixed()).toBe(
    deposit.add(realised).sub(fees).add(wallet.unrealisedPnl).toFixed(),
  );
  // Independent of the average-price bookkeeping: cash flows plus the position marked to market.
  const mark = position.markPrice;
  const byCash = deposit.sub(fees).add(cash).add(size.mul(mark));
  expect(wallet.equity.sub(byCash).abs().lt('0.000001')).toBe(true);
}
