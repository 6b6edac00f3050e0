import { ManualClock } from '@flotilla/core';
import type { EngineStatus } from './engine-status';
import { FleetSnapshots, type FleetSource } from './fleet-snapshots';
import { engineStatus } from './testing/engine-status.fixture';

/** A fleet whose every status read costs `costMs` on the manual clock. */
class FakeFleet implements FleetSource {
  readonly states = new Map<string, EngineStatus['status']>();
  reads = 0;
  constructor(
    private readonly clock: ManualClock,
    private readonly costMs: number,
  ) {}
  fleetSymbols(): string[] {
    return [...this.states.keys()].sort();
  }
  statusAt(symbol: string): EngineStatus | undefined {
    const status = this.states.get(symbol);
    if (status === undefined) return undefined;
    this.reads++;
    this.clock.advance(this.costMs);
    return engineStatus(symbol, { status });
  }
}

function setup(engines: number, costMs: number) {
  const clock = new ManualClock();
  const fleet = new FakeFleet(clock, costMs);
  for (let i = 0; i < engines; i++)
    fleet.states.set(`S${String(i).padStart(3, '0')}USDT`, 'running');
  const turns: Array<() => void> = [];
  const snapshots = new FleetSnapshots(fleet, clock, {
    budgetMs: 4,
    maxAgeMs: 100,
    staleMs: 250,
    yieldTurn: (fn) => turns.push(fn),
  });
  /** Runs queued turns (each a slice) until none is left; returns how many ran. */
  const runTurns = (): number => {
    let n = 0;
    while (turns.length > 0) {
      turns.shift()?.();
      n++;
    }
    return n;
  };
  return { clock, fleet, snapshots, runTurns, turns };
}

describe('FleetSnapshots', () => {
  it('reads the fleet in slices of the budget, a turn apart, and lists engines by symbol', async () => {
    const { fleet, snapshots, runTurns } = setup(100, 1);
    fleet.states.set('AAAUSDT', 'crashed');
    const pending = snapshots.recent();
    // 4 reads fit the 4 ms budget of each turn: 101 engines take 26 slices, 25 of them later turns.
    expect(fleet.reads).toBe(4);
    expect(runTurns()).toBe(25);
    const snap = await pending;
    expect(fleet.reads).toBe(101);
    expect(snap.fleet).toMatchObject({ total: 101, running: 100, crashed: 1 });
    expect(snap.fleet.engines[0].symbol).toBe('AAAUSDT');
    expect(snap.json.map((j) => (JSON.parse(j.toString()) as EngineStatus).symbol)).toEqual(
      snap.fleet.engines.map((e) => e.symbol),
    );
  });

  it('serves a young snapshot without a build, and shares one build among concurrent readers', async () => {
    const { clock, fleet, snapshots, runTurns } = setup(3, 1);
    const [a, b] = [snapshots.recent(), snapshots.recent()];
    runTurns();
    expect(await a).toBe(await b);
    expect(snapshots.builds).toBe(1);
    clock.advance(50);
    expect(await snapshots.recent()).toBe(await a);
    expect(snapshots.builds).toBe(1);
    expect(fleet.reads).toBe(3);
  });

  it('serves a stale snapshot while the next one builds, and waits when it is too old', async () => {
    const { clock, fleet, snapshots, runTurns } = setup(10, 1);
    const first = snapshots.recent();
    runTurns();
    const one = await first;
    clock.advance(150);
    // Past maxAge (100) but within stale (250): served as is, a rebuild starts behind it.
    expect(await snapshots.recent()).toBe(one);
    expect(snapshots.builds).toBe(2);
    runTurns();
    const two = snapshots.latest;
    expect(two).not.toBe(one);
    fleet.states.set('S000USDT', 'paused');
    clock.advance(300);
    // The rebuild began before the change and is now over 250 ms old: the reader waits for a new one.
    let settled = false;
    const waiting = snapshots.recent().then((s) => {
      settled = true;
      return s;
    });
    await Promise.resolve();
    expect(settled).toBe(false);
    runTurns();
    const three = await waiting;
    expect(three).not.toBe(two);
    expect(three.fleet.engines[0].status).toBe('paused');
  });

  it('after invalidate() never serves an older snapshot, however young', async () => {
    const { fleet, snapshots, runTurns } = setup(2, 0);
    const first = snapshots.recent();
    runTurns();
    await first;
    fleet.states.set('S001USDT', 'stopped');
    snapshots.invalidate();
    const after = snapshots.recent();
    runTurns();
    expect((await after).fleet).toMatchObject({ running: 1, stopped: 1 });
    expect(snapshots.builds).toBe(2);
  });

  it('keeps the later-begun snapshot when an invalidation overlaps a build', async () => {
    const { fleet, snapshots, runTurns } = setup(10, 1);
    const old = snapshots.recent();
    fleet.states.set('S009USDT', 'stopped');
    snapshots.invalidate();
    const renewed = snapshots.recent();
    runTurns();
    const [o, n] = [await old, await renewed];
    expect(n).not.toBe(o);
    expect(snapshots.latest).toBe(n);
    expect(n.fleet.stopped).toBe(1);
  });

  it('skips an engine removed while its build was in progress', async () => {
    const { fleet, snapshots, runTurns, turns } = setup(10, 1);
    const pending = snapshots.recent();
    expect(turns).toHaveLength(1);
    fleet.states.delete('S009USDT');
    runTurns();
    expect((await pending).fleet.total).toBe(9);
  });

  it('now() builds whole in this turn when nothing is young enough, else serves the latest', () => {
    const { clock, snapshots, turns } = setup(10, 1);
    const built = snapshots.now();
    expect(built.fleet.total).toBe(10);
    expect(turns).toHaveLength(0);
    clock.advance(20);
    expect(snapshots.now()).toBe(built);
  });

  it('rejects the readers of a build whose status read throws, and the next read builds again', async () => {
    const { fleet, snapshots, runTurns } = setup(2, 0);
    const read = fleet.statusAt.bind(fleet);
    fleet.statusAt = () => {
      throw new Error('status failed');
    };
    await expect(snapshots.recent()).rejects.toThrow('status failed');
    fleet.statusAt = read;
    const again = snapshots.recent();
    runTurns();
    expect((await again).fleet.total).toBe(2);
  });

  it('patch() shows a transition in the latest snapshot at once, in symbol order, totals included', async () => {
    const { fleet, snapshots, runTurns } = setup(3, 0);
    const first = snapshots.recent();
    runTurns();
    await first;
    snapshots.patch(engineStatus('S001USDT', { status: 'backoff' }));
    snapshots.patch(engineStatus('AAAUSDT', { status: 'starting' }));
    const patched = await snapshots.recent();
    expect(patched.fleet).toMatchObject({ total: 4, running: 3, crashed: 1 });
    expect(patched.fleet.engines.map((e) => `${e.symbol}:${e.status}`)).toEqual([
      'AAAUSDT:starting',
      'S000USDT:running',
      'S001USDT:backoff',
      'S002USDT:running',
    ]);
    expect(patched.json.map((j) => (JSON.parse(j.toString()) as EngineStatus).status)).toEqual(
      patched.fleet.engines.map((e) => e.status),
    );
    expect(snapshots.builds).toBe(1);
    expect(fleet.reads).toBe(3);
  });

  it('a transition during a build overrides what the build read before it', async () => {
    const { fleet, snapshots, runTurns } = setup(10, 1);
    const pending = snapshots.recent();
    // S000..S003 are read in the first slice; S000 then crashes before the build ends.
    fleet.states.set('S000USDT', 'crashed');
    snapshots.patch(engineStatus('S000USDT', { status: 'crashed' }));
    runTurns();
    const snap = await pending;
    expect(snap.fleet.engines[0]).toMatchObject({ symbol: 'S000USDT', status: 'crashed' });
    expect(snap.fleet.crashed).toBe(1);
    expect(JSON.parse(snap.json[0].toString())).toMatchObject({ status: 'crashed' });
  });
});
