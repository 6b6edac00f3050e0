/**
 * Order round trip through the VenuePort against the simulator, beside raw ccxt createOrder in the
 * same run: `npm run bench -- orders [--orders 400] [--rate 50] [--symbols 100]
 * [--rateLimitScale 10] [--stepSeconds 3] [--ccxtThrottle false]`.
 * 1) latency: orders at --rate per second, alternating raw ccxt and the port (same sim, same
 *    symbols, resting limit buys far below the market); p50/p99 of each.
 * 2) sustained rate: the port alone at rising offered rates across --symbols symbols, with the
 *    simulator's Bybit limits × --rateLimitScale; the highest rate placed in full with no 10006.
 */
import { SystemClock, silentLogger, dec, Decimal, type Instrument } from '@flotilla/core';
import type { PlaceResult } from '@flotilla/engine';
import { loadBybitInstruments } from '@flotilla/market-data';
import { connectBybitVenue, createBybitClient, type BybitVenue } from '@flotilla/venue';
import { DEFAULT_ACCOUNT } from '@flotilla/venue-sim';
import { forkVenueSim } from '../support/venue-sim-process';
import type { BenchArgs } from './run';
import { privateStreamLatency } from './support/private-stream-latency';
import { percentile } from './support/stats';

interface Target {
  instrument: Instrument;
  ccxtSymbol: string;
  price: Decimal;
  qty: Decimal;
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** A resting limit buy 30 % under the last price, just above the minimum notional. */
function target(instrument: Instrument, last: number): Target {
  const price = dec(String(last))
    .mul('0.7')
    .div(instrument.tickSize)
    .floor()
    .mul(instrument.tickSize);
  const minQty = dec('6').div(price).div(instrument.qtyStep).ceil().mul(instrument.qtyStep);
  return {
    instrument,
    ccxtSymbol: `${instrument.base}/${instrument.quote}:${instrument.quote}`,
    price,
    qty: Decimal.max(minQty, instrument.minOrderQty),
  };
}

/** Fires jobs open-loop at `rate` per second; resolves with every job's outcome. */
async function paced<T>(count: number, rate: number, job: (i: number) => Promise<T>): Promise<T[]> {
  const started = performance.now();
  const running: Array<Promise<T>> = [];
  for (let i = 0; i < count; i++) {
    await delay(started + (i * 1000) / rate - performance.now());
    running.push(job(i));
  }
  return Promise.all(running);
}

const stats = (ms: number[]) => ({
  n: ms.length,
  p50Ms: percentile(ms, 50),
  p99Ms: percentile(ms, 99),
});

export async function main(args: BenchArgs): Promise<Record<string, unknown>> {
  const orders = Number(args.orders ?? 400);
  const rate = Number(args.rate ?? 50);
  const symbols = Number(args.symbols ?? 100);
  const scale = Number(args.rateLimitScale ?? 10);
  const stepSeconds = Number(args.stepSeconds ?? 3);
  const throttle = args.ccxtThrottle === 'true';
  const sim = await forkVenueSim([
    '--port',
    '0',
    '--seed',
    '42',
    '--synthetic',
    String(symbols),
    '--rate',
    '10',
    '--rate-limit-scale',
    String(scale),
  ]);
  let run = 0;
  const signal = (): string => `bench-${process.pid}-${run++}`;
  try {
    const instruments = await loadBybitInstruments({ restUrl: sim.restUrl }, silentLogger);
    const bySymbol = new Map(instruments.map((i) => [i.symbol, i]));
    const credentials = { apiKey: DEFAULT_ACCOUNT.key, secret: DEFAULT_ACCOUNT.secret };
    const raw = await createBybitClient({
      restUrl: sim.restUrl,
      ...credentials,
      enableRateLimit: throttle,
    });
    await raw.loadMarkets();
    const tickers = await (
      raw as unknown as { fetchTickers(): Promise<Record<string, { last?: number }>> }
    ).fetchTickers();
    const targets = instruments
      .map((i) => ({ i, last: tickers[`${i.base}/${i.quote}:${i.quote}`]?.last }))
      .filter((t): t is { i: Instrument; last: number } => typeof t.last === 'number' && t.last > 0)
      .slice(0, symbols)
      .map((t) => target(t.i, t.last));
    const venue: BybitVenue = await connectBybitVenue({
      restUrl: sim.restUrl,
      ...credentials,
      enableRateLimit: throttle,
      instrumentOf: (s) => bySymbol.get(s),
      clock: new SystemClock(),
    });

    // 1) latency, raw ccxt and the port interleaved
    const rawMs: number[] = [];
    const portMs: number[] = [];
    await paced(orders, rate, async (i) => {
      const t = targets[i % targets.length];
      const t0 = performance.now();
      if (i % 2 === 0) {
        await raw.createOrder(
          t.ccxtSymbol,
          'limit',
          'buy',
          Number(t.qty.toFixed()),
          Number(t.price.toFixed()),
          {
            clientOrderId: `raw-${process.pid}-${i}`,
            positionIdx: 0,
          },
        );
        rawMs.push(performance.now() - t0);
      } else {
        const r = await venue.place({
          symbol: t.instrument.symbol,
          signalId: signal(),
          leg: 'entry',
          side: 'buy',
          type: 'limit',
          qty: t.qty,
          price: t.price,
        });
        if (r.kind !== 'placed') throw new Error(`port did not place: ${JSON.stringify(r)}`);
        portMs.push(performance.now() - t0);
      }
    });
    const rawStats = stats(rawMs);
    const portStats = stats(portMs);
    const overheadP50Pct =
      Math.round(((portStats.p50Ms! - rawStats.p50Ms!) / rawStats.p50Ms!) * 1000) / 10;
    const overheadP99Pct =
      Math.round(((portStats.p99Ms! - rawStats.p99Ms!) / rawStats.p99Ms!) * 1000) / 10;
    console.log(
      `latency at ${rate}/s: raw ccxt p50 ${rawStats.p50Ms} p99 ${rawStats.p99Ms} ms; port p50 ${portStats.p50Ms} p99 ${portStats.p99Ms} ms (+${overheadP50Pct} % / +${overheadP99Pct} %)`,
    );

    // 2) sustained rate across the symbols, within the account's budget
    const steps: Array<Record<string, unknown>> = [];
    for (const offered of [25, 50, 100, 200, 400]) {
      const count = offered * stepSeconds;
      const latencies: number[] = [];
      const outcomes = await paced(count, offered, async (i): Promise<string> => {
        const t = targets[i % targets.length];
        const t0 = performance.now();
        try {
          const r: PlaceResult = await venue.place({
            symbol: t.instrument.symbol,
            signalId: signal(),
            leg: 'entry',
            side: 'buy',
            type: 'limit',
            qty: t.qty,
            price: t.price,
          });
          latencies.push(performance.now() - t0);
          return r.kind === 'placed' ? 'placed' : r.reason;
        } catch (err) {
          return (err as { retCode?: number }).retCode === 10006 ? 'rate-limited' : 'error';
        }
      });
      const tally: Record<string, number> = {};
      for (const o of outcomes) tally[o] = (tally[o] ?? 0) + 1;
      const step = {
        offeredPerSec: offered,
        placedPerSec: Math.round((tally.placed ?? 0) / stepSeconds),
        ...tally,
        ...stats(latencies),
      };
      console.log(JSON.stringify(step));
      steps.push(step);
      await delay(1100); // let the rate-limit window roll between steps
    }
    const sustained = steps
      .filter(
        (s) =>
          (s.placed as number | undefined) === (s.offeredPerSec as number) * stepSeconds &&
          !s['rate-limited'],
      )
      .map((s) => s.offeredPerSec as number);
    // 3) the private stream: REST send → order push, ccxt.pro beside a raw ws client
    const pro = await createBybitClient({
      restUrl: sim.restUrl,
      ...credentials,
      enableRateLimit: false,
    });
    await pro.loadMarkets();
    const eth = targets[0];
    const stream = await privateStreamLatency({
      wsPrivateUrl: sim.restUrl.replace(/^http/, 'ws') + '/v5/private',
      credentials,
      rest: raw,
      pro,
      orders: Number(args.streamOrders ?? 100),
      place: (linkId) =>
        raw.createOrder(
          eth.ccxtSymbol,
          'limit',
          'buy',
          Number(eth.qty.toFixed()),
          Number(eth.price.toFixed()),
          {
            clientOrderId: linkId,
            positionIdx: 0,
          },
        ),
    });
    console.log(`private stream send→push: ${JSON.stringify(stream)}`);
    await pro.close();
    await venue.close();
    await raw.close();
    return {
      params: {
        orders,
        rate,
        symbols: targets.length,
        rateLimitScale: scale,
        stepSeconds,
        ccxtThrottle: throttle,
      },
      latency: { rawCcxt: rawStats, port: portStats, overheadP50Pct, overheadP99Pct },
      privateStream: stream,
      sustained: { highestFullRatePerSec: sustained.length ? Math.max(...sustained) : 0, steps },
    };
  } finally {
    await sim.stop();
  }
}
