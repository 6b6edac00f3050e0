import type { VenueProtectionRow } from '../trading/drill-support';
import { FAULT_WEIGHTS, FaultPicker, venueFaultBody } from './chaos-faults';
import type { ChaosRun } from './chaos-drill';
import { invariants, markdownReport, passed } from './chaos-report';
import { StopWatch } from './stop-watch';

/** The chaos drill's own parts, without processes: the fault picker, the stop watch, the verdict. */

const row = (symbol: string, protectedNow: boolean, entryPrice = '100'): VenueProtectionRow => ({
  symbol,
  side: 'long',
  size: '1',
  entryPrice,
  stopLoss: protectedNow ? '99' : null,
  stopOrders: [],
  protected: protectedNow,
});

describe('chaos drill parts', () => {
  it('the same seed picks the same faults; another seed another sequence; every kind is drawn', () => {
    const symbols = ['BTCUSDT', 'ETHUSDT'];
    const picks = (seed: number) => {
      const p = new FaultPicker(seed, symbols);
      return Array.from({ length: 200 }, () => p.next());
    };
    expect(picks(1)).toEqual(picks(1));
    expect(picks(2)).not.toEqual(picks(1));
    const kinds = new Set(picks(1).map((p) => p.fault));
    expect([...kinds].sort()).toEqual(Object.keys(FAULT_WEIGHTS).sort());
    expect(venueFaultBody({ fault: 'stop-reject', symbol: 'ETHUSDT' })).toMatchObject({
      type: 'stop-reject',
      symbol: 'ETHUSDT',
      count: 1,
    });
    expect(venueFaultBody({ fault: 'engine-crash', symbol: 'ETHUSDT' })).toBeNull();
  });

  it('the stop watch measures each stretch without a stop from first bare sample to cover', async () => {
    let now = 0;
    const watch = new StopWatch('http://127.0.0.1:9', 1000, () => now);
    watch.record([row('BTCUSDT', true)], 0);
    watch.record([row('BTCUSDT', false), row('ETHUSDT', false, '50')], 1000);
    watch.record([row('BTCUSDT', false), row('ETHUSDT', true, '50')], 2000);
    watch.record([row('BTCUSDT', false)], 3000);
    watch.record([row('BTCUSDT', true)], 7500); // BTC bare from 1000 to 7500
    watch.record([row('SOLUSDT', false)], 8000); // still bare at the end
    now = 9000;
    const result = await watch.stop();
    expect(result.stretches.map((s) => [s.symbol, s.seconds, s.open])).toEqual([
      ['ETHUSDT', 1, false],
      ['BTCUSDT', 6.5, false],
      ['SOLUSDT', 1, true],
    ]);
    expect(result.longestUnprotectedSeconds).toBe(6.5);
    expect(result.unprotectedSeconds).toBe(8.5);
    expect(result.positionsSeen).toBe(3);
    expect(result.positionSamples).toBe(8);
    expect(result.unprotectedSamples).toBe(5);
  });

  it('the verdict fails on each broken invariant and the markdown names it', () => {
    const good: ChaosRun = {
      seed: 1,
      minutes: 1,
      symbols: ['BTCUSDT'],
      startedAt: '2026-01-01T00:00:00.000Z',
      endedAt: '2026-01-01T00:01:00.000Z',
      faults: { 'engine-crash': 2 },
      faultsRefused: 0,
      serviceKills: 1,
      recoveryMs: [4000],
      unrecovered: [],
      engineRestarts: 2,
      pausedResumed: 0,
      protection: {
        samples: 60,
        positionSamples: 30,
        unprotectedSamples: 1,
        positionsSeen: 3,
        stretches: [],
        unprotectedSeconds: 1,
        longestUnprotectedSeconds: 1,
        readErrors: 0,
      },
      accounts: {
        venueOrders: 6,
        venueFills: 6,
        positionsOpened: 3,
        duplicates: {},
        unaccounted: [],
        pnl: { BTCUSDT: { venue: '1.5', service: '1.5', diff: '0', fills: 6 } },
        pnlVenueTotal: '1.5',
        pnlServiceTotal: '1.5',
        pnlEqual: true,
        pnlWaitMs: 0,
      },
    };
    expect(passed(good)).toBe(true);
    const broken: ChaosRun[] = [
      { ...good, accounts: { ...good.accounts, duplicates: { 'fle-x': 2 } } },
      { ...good, accounts: { ...good.accounts, unaccounted: ['foreign New'] } },
      { ...good, protection: { ...good.protection, longestUnprotectedSeconds: 5.5 } },
      { ...good, recoveryMs: [-1], unrecovered: ['timed out'] },
      { ...good, accounts: { ...good.accounts, pnlEqual: false } },
    ];
    for (const [i, run] of broken.entries()) {
      expect(passed(run)).toBe(false);
      expect(invariants(run).filter((v) => !v.ok)).toHaveLength(1);
      expect(invariants(run)[i].ok).toBe(false);
      expect(markdownReport(run)).toContain('**no**');
    }
    expect(markdownReport(good)).toContain('| kill -9 of the service | 1 |');
  });
});
