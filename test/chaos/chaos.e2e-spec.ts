import { makeDataDir, removeDir } from '../orchestrator/process/process-tools';
import { assertBuilt, killLeftoverOrchestrators } from '../support/orchestrator-process';
import { runChaos, type ChaosRun } from './chaos-drill';
import { invariants, markdownReport, MAX_UNPROTECTED_S } from './chaos-report';

/** The bounded chaos drill of the suite: ~40 s of faults and one kill -9, seed fixed. */
const SEED = 11;
const MINUTES = 0.6;
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT', 'DOGEUSDT'];

jest.setTimeout(300_000);

describe('chaos drill, bounded (simulator and service in their own processes)', () => {
  let dataDir: string | undefined;
  let run: ChaosRun;

  beforeAll(async () => {
    assertBuilt();
    dataDir = await makeDataDir();
    run = await runChaos({
      minutes: MINUTES,
      seed: SEED,
      dataDir,
      symbols: SYMBOLS,
      killEveryS: 20,
      faultEveryMs: 2000,
    });
    console.log(markdownReport(run));
  });

  afterAll(async () => {
    await killLeftoverOrchestrators();
    await removeDir(dataDir);
  });

  it('faults were injected, the service killed and recovered, and positions traded', () => {
    const injected = Object.entries(run.faults).filter(([k]) => k !== 'none');
    expect(injected.length).toBeGreaterThan(3);
    expect(run.serviceKills).toBeGreaterThanOrEqual(1);
    expect(run.recoveryMs).toHaveLength(run.serviceKills);
    expect(run.protection.samples).toBeGreaterThan(20);
    expect(run.accounts.venueFills).toBeGreaterThan(0);
  });

  it('holds every invariant: 0 duplicates, 0 unaccounted, stops within 5 s, PnL equal', () => {
    expect(Object.keys(run.accounts.duplicates)).toEqual([]);
    expect(run.accounts.unaccounted).toEqual([]);
    expect(run.protection.longestUnprotectedSeconds).toBeLessThanOrEqual(MAX_UNPROTECTED_S);
    for (const [symbol, check] of Object.entries(run.accounts.pnl)) {
      expect({ symbol, diff: check.diff }).toEqual({ symbol, diff: '0' });
    }
    expect(run.accounts.pnlServiceTotal).toBe(run.accounts.pnlVenueTotal);
    expect(invariants(run).filter((i) => !i.ok)).toEqual([]);
  });
});
