import { dec, ManualClock } from '@flotilla/core';
import type { OrderSide, PlaceOrderRequest } from '@flotilla/engine';
import { DEFAULT_ACCOUNT } from '@flotilla/venue-sim';
import { startPortHarness, type PortHarness } from '../venue/port-harness';
import {
  adminExecutions,
  duplicateClientOrderIds,
  duplicatesOf,
  realizedPnlFromExecutions,
  stopCoverage,
  type LedgerFill,
} from './venue-ledger';

const fill = (symbol: string, side: OrderSide, qty: string, price: string, fee = '0') => ({
  symbol,
  side,
  qty: dec(qty),
  price: dec(price),
  fee: dec(fee),
});
const pnlOf = (fills: LedgerFill[], symbol = 'X') => {
  const s = realizedPnlFromExecutions(fills).get(symbol);
  if (!s) throw new Error(`no ${symbol}`);
  return {
    gross: s.gross.toFixed(),
    fees: s.fees.toFixed(),
    net: s.net.toFixed(),
    position: s.position.toFixed(),
    avgPrice: s.avgPrice.toFixed(),
  };
};

describe('realizedPnlFromExecutions (hand-computed)', () => {
  it('a round trip: price move times qty, less both fees', () => {
    expect(
      pnlOf([fill('X', 'buy', '1', '100', '0.055'), fill('X', 'sell', '1', '110', '0.0605')]),
    ).toEqual({ gross: '10', fees: '0.1155', net: '9.8845', position: '0', avgPrice: '0' });
  });

  it('scaling in moves the average cost; partial closes realise against it', () => {
    const fills = [
      fill('X', 'buy', '1', '100'),
      fill('X', 'buy', '3', '120'), // avg (100 + 360) / 4 = 115
      fill('X', 'sell', '2', '130'), // 2 × 15 = 30
    ];
    expect(pnlOf(fills)).toMatchObject({ gross: '30', position: '2', avgPrice: '115' });
    expect(pnlOf([...fills, fill('X', 'sell', '2', '100')])).toMatchObject({
      gross: '0', // 30 + 2 × (100 − 115)
      position: '0',
      avgPrice: '0',
    });
  });

  it('a short flipped long: the close realises, the rest opens at the fill price; rebates add', () => {
    const fills = [
      fill('X', 'sell', '2', '50', '0.02'),
      fill('X', 'buy', '3', '40', '-0.01'), // closes 2: 2 × (50 − 40) = 20; opens 1 long at 40
    ];
    expect(pnlOf(fills)).toEqual({
      gross: '20',
      fees: '0.01',
      net: '19.99',
      position: '1',
      avgPrice: '40',
    });
    expect(pnlOf([...fills, fill('X', 'sell', '1', '45', '0.005')])).toMatchObject({
      gross: '25',
      net: '24.985',
    });
  });

  it('settles each close to 8 decimals, half up, as the venue books it', () => {
    const fills = [
      fill('X', 'buy', '1', '100'),
      fill('X', 'buy', '2', '100.01'), // avg 100.00666…
      fill('X', 'sell', '1', '100.02'), // 0.01333… → 0.01333333
      fill('X', 'sell', '2', '100.03'), // 0.04666… → 0.04666667
    ];
    expect(pnlOf(fills).gross).toBe('0.06');
    expect(realizedPnlFromExecutions(fills.slice(0, 3)).get('X')?.gross.toFixed()).toBe(
      '0.01333333',
    );
  });

  it('keeps symbols apart and stays exact where floats would not', () => {
    const result = realizedPnlFromExecutions([
      fill('A', 'buy', '0.003', '0.1'),
      fill('B', 'sell', '1', '10'),
      fill('A', 'sell', '0.003', '0.3'),
    ]);
    expect(result.get('A')?.gross.toFixed()).toBe('0.0006');
    expect(result.get('B')).toMatchObject({ fills: 1 });
    expect(result.get('B')?.position.toFixed()).toBe('-1');
  });

  it('finds client order ids booked more than once', () => {
    const orders = ['a', 'b', 'a', '', '', 'c', 'a'].map((orderLinkId) => ({ orderLinkId }));
    expect([...duplicatesOf(orders)]).toEqual([['a', 3]]);
  });
});

describe('venue checks against the simulator', () => {
  let h: PortHarness;
  const key = DEFAULT_ACCOUNT.key;
  const market = (symbol: string, signalId: string, side: OrderSide, qty: string) =>
    h.venue.place({ symbol, signalId, leg: 'entry', side, type: 'market', qty: dec(qty) });

  beforeAll(async () => {
    h = await startPortHarness();
  }, 30_000);

  afterAll(async () => {
    await h.close();
  });

  it("recomputes each symbol's realised PnL equal to the venue's own execPnl less fees", async () => {
    const steps: Array<[string, OrderSide, string]> = [
      ['BTCUSDT', 'buy', '0.004'],
      ['BTCUSDT', 'buy', '0.002'],
      ['ETHUSDT', 'sell', '0.05'],
      ['BTCUSDT', 'sell', '0.003'],
      ['ETHUSDT', 'buy', '0.08'],
      ['BTCUSDT', 'sell', '0.005'],
      ['ETHUSDT', 'sell', '0.03'],
      ['BTCUSDT', 'buy', '0.002'],
    ];
    for (const [i, [symbol, side, qty]] of steps.entries()) {
      for (let t = 0; t < 5; t++) h.sim.tick();
      await market(symbol, `ledger-${i}`, side, qty);
    }
    const fills = await adminExecutions(h.sim.restUrl, key);
    const recomputed = realizedPnlFromExecutions(fills);
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      const own = fills.filter((f) => f.symbol === symbol);
      const venueGross = own.reduce((sum, f) => sum.plus(f.execPnl), dec('0'));
      const venueFees = own.reduce((sum, f) => sum.plus(f.fee), dec('0'));
      const mine = recomputed.get(symbol);
      expect(mine?.gross.toFixed()).toBe(venueGross.toFixed());
      expect(mine?.net.toFixed()).toBe(venueGross.minus(venueFees).toFixed());
      expect(mine?.gross.isZero()).toBe(false);
      const [position] = await h.venue.positions(symbol);
      expect(mine?.position.abs().toFixed()).toBe(position.size.toFixed());
      const viaPort = realizedPnlFromExecutions(await h.venue.executions(symbol)).get(symbol);
      expect(viaPort?.net.toFixed()).toBe(mine?.net.toFixed());
    }
    expect(await duplicateClientOrderIds(h.sim.restUrl, key)).toEqual(new Map());
  });

  it('samples stop coverage on the injected interval: position stops and reduce-only stop orders count', async () => {
    await h.venue.cancelAll('BTCUSDT');
    for (const p of await h.venue.positions()) {
      await h.venue.place({
        symbol: p.symbol,
        signalId: 'flat',
        leg: 'close',
        side: p.side === 'long' ? 'sell' : 'buy',
        type: 'market',
        qty: p.size,
        reduceOnly: true,
      });
    }
    const clock = new ManualClock(0);
    const sampler = stopCoverage(h.venue, clock, 100);
    clock.advance(100);
    await sampler.idle();
    expect(sampler.result()).toMatchObject({ covered: 0, total: 0, ratio: 1 });

    await market('BTCUSDT', 'cov-1', 'buy', '0.002');
    clock.advance(100);
    await sampler.idle();
    expect(sampler.result()).toMatchObject({ covered: 0, total: 1 });

    const [btc] = await h.venue.positions('BTCUSDT');
    const stop: PlaceOrderRequest = {
      symbol: 'BTCUSDT',
      signalId: 'cov-1',
      leg: 'stop',
      side: 'sell',
      type: 'market',
      qty: btc.size,
      triggerPrice: (btc.entryPrice ?? dec('1')).mul('0.9'),
      reduceOnly: true,
    };
    await h.venue.place(stop);
    const eth = await h.venue.positions('ETHUSDT');
    expect(eth[0].size.isZero()).toBe(true);
    const ethMid = dec(String(h.sim.book('ETHUSDT', 1).bids[0][0]));
    await h.venue.place({
      symbol: 'ETHUSDT',
      signalId: 'cov-2',
      leg: 'entry',
      side: 'buy',
      type: 'market',
      qty: dec('0.05'),
      stopLoss: ethMid.mul('0.9'),
    });
    clock.advance(200); // two ticks: the second finds the first still reading
    await sampler.idle();
    const result = await sampler.stop();
    expect(result).toMatchObject({ covered: 2, total: 3, skipped: 1, errors: 0 });
    expect(result.ratio).toBeCloseTo(2 / 3);
    expect(result.uncovered).toEqual([{ symbol: 'BTCUSDT', atMs: 200 }]);
    clock.advance(1000);
    expect(sampler.result().total).toBe(3);
  });
});
