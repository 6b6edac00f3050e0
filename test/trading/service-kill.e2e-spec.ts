import { join } from 'node:path';
import {
  embeddedSimPids,
  isAlive,
  killPids,
  makeDataDir,
  removeDir,
  uniqueSimSeed,
  waitUntil,
} from '../orchestrator/process/process-tools';
import {
  assertBuilt,
  killLeftoverOrchestrators,
  type OrchestratorProcess,
} from '../support/orchestrator-process';
import { forkVenueSim, type VenueSimProcess } from '../support/venue-sim-process';
import { drillEnv, runKillDrill, spawnService, type KillDrillReport } from './service-kill-drill';

const ALL_SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT', 'XRPUSDT', 'DOGEUSDT', 'ADAUSDT'];
/** 3 symbols and 1 cycle in the suite; `npm run drill:trading` sets more. */
const SYMBOLS = ALL_SYMBOLS.slice(0, Number(process.env.FLOTILLA_KILL_DRILL_SYMBOLS ?? 3));
const CYCLES = Number(process.env.FLOTILLA_KILL_DRILL_CYCLES ?? 1);

jest.setTimeout(60_000 + CYCLES * 60_000);

function expectRecovered(report: KillDrillReport): void {
  console.log(`kill -9 drill report: ${JSON.stringify(report)}`);
  expect(report.positionsKilledOpen).toBe(SYMBOLS.length * CYCLES);
  expect(report.duplicates).toEqual([]);
  expect(report.unaccounted).toEqual([]);
  expect(Object.values(report.pnlDiff).every((d) => d === '0')).toBe(true);
  expect(report.reconcileEntries).toBeGreaterThan(0);
  expect(report.recoveryMs).toHaveLength(CYCLES);
}

/** The service's started line names the embedded venue's REST URL (stdout is JSONL). */
function venueUrlOf(service: OrchestratorProcess): string | undefined {
  for (const line of service.stdout().split('\n')) {
    if (!line.includes('"msg":"started"')) continue;
    const url = (JSON.parse(line) as { venueUrl?: string }).venueUrl;
    if (url) return url;
  }
  return undefined;
}

/**
 * Issue 10's whole-service crash drill: kill -9 with positions open, start again on the same
 * DATA_DIR; every position adopted and protected, 0 duplicates, realised PnL equal to the venue.
 */
describe('drill: the whole service killed with -9 while positions are open (processes)', () => {
  let dataDir: string | undefined;

  beforeAll(() => assertBuilt());

  beforeEach(async () => {
    dataDir = await makeDataDir();
  });

  afterEach(async () => {
    await killLeftoverOrchestrators();
    await removeDir(dataDir);
  });

  it(`(a) the simulator in its own process: ${SYMBOLS.length} symbols, ${CYCLES} kill(s)`, async () => {
    const dir = dataDir as string;
    let sim: VenueSimProcess | undefined;
    try {
      sim = await forkVenueSim(['--port', '0', '--rate', '10', '--state', join(dir, 'venue.json')]);
      const env = {
        ...drillEnv(dir, SYMBOLS),
        VENUE_URL: sim.restUrl,
        VENUE_WS_URL: sim.wsPublicUrl,
      };
      const venueUrl = sim.restUrl;
      const report = await runKillDrill({
        symbols: SYMBOLS,
        cycles: CYCLES,
        start: async () => ({ service: await spawnService(env), venueUrl }),
        kill: async ({ service }) => {
          service.kill('SIGKILL');
          await service.exited;
        },
      });
      expectRecovered(report);
    } finally {
      await sim?.stop();
    }
  });

  it('(b) the embedded simulator, its state in DATA_DIR: the service and its simulator child killed with -9', async () => {
    const dir = dataDir as string;
    const seed = uniqueSimSeed();
    // Console logging on: the started line on stdout names the embedded venue's URL.
    const env = {
      ...drillEnv(dir, SYMBOLS),
      VENUE_SIM_SEED: String(seed),
      LOGGING_CONSOLE: 'true',
    };
    try {
      const report = await runKillDrill({
        symbols: SYMBOLS,
        cycles: CYCLES,
        // The simulator throttles its state file to one write per 200 ms; a venue that loses its
        // last 200 ms is the simulator's limit, not the drill's subject, so the kill waits it out.
        settleBeforeKillMs: 500,
        start: async () => {
          const service = await spawnService(env);
          const venueUrl = await waitUntil(
            'the started line with the venue URL',
            () => Promise.resolve(venueUrlOf(service)),
            (u) => u !== undefined,
          );
          return { service, venueUrl: venueUrl as string };
        },
        kill: async ({ service }) => {
          const tree = [service.pid, ...(await embeddedSimPids(seed))];
          await killPids(tree);
          await service.exited;
          await waitUntil(
            'the simulator child gone',
            async () => Promise.all(tree.map(isAlive)),
            (alive) => alive.every((a) => !a),
          );
        },
      });
      expectRecovered(report);
    } finally {
      await killPids(await embeddedSimPids(seed));
    }
  });
});
