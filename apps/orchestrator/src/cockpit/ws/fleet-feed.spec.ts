import { ManualClock } from '@flotilla/core';
import { summarizeFleet, type EngineStatus } from '../../supervisor';
import { FleetFeed } from './fleet-feed';
import type { FleetDiff } from './fleet-differ';
import { engineStatus } from '../../supervisor/testing/engine-status.fixture';

const INTERVAL_MS = 250;
const VOLATILE_MS = 1_000;

function setup() {
  const clock = new ManualClock();
  let engines: EngineStatus[] = [engineStatus('BTCUSDT'), engineStatus('ETHUSDT')];
  let polls = 0;
  const diffs: Array<{ diff: FleetDiff; frame: unknown; atMs: number }> = [];
  const feed = new FleetFeed(
    () => {
      polls++;
      return summarizeFleet(engines);
    },
    clock,
    INTERVAL_MS,
    VOLATILE_MS,
    (diff, frame) => diffs.push({ diff, frame: JSON.parse(frame.toString()), atMs: clock.now() }),
  );
  const set = (next: EngineStatus[]) => (engines = next);
  return { clock, feed, diffs, set, polls: () => polls };
}

describe('FleetFeed (the fleet differ on a fake clock)', () => {
  it('reads nothing while nobody subscribes; the first snapshot starts polling from that very fleet', () => {
    const { clock, feed, diffs, polls } = setup();
    clock.advance(10_000);
    expect(polls()).toBe(0);
    expect(clock.pendingTimers).toBe(0);
    const snapshot = JSON.parse(feed.snapshotFrame().toString()) as { data: { total: number } };
    expect(snapshot).toMatchObject({ type: 'snapshot', topic: 'fleet', data: { total: 2 } });
    expect(feed.running).toBe(true);
    clock.advance(INTERVAL_MS * 4);
    expect(polls()).toBe(5);
    expect(diffs).toEqual([]);
  });

  it('a change is pushed within one interval, several changes in one interval make one diff', () => {
    const { clock, feed, diffs, set } = setup();
    feed.snapshotFrame();
    const startedAt = clock.now();
    clock.advance(100);
    set([engineStatus('BTCUSDT', { status: 'stopping' }), engineStatus('ETHUSDT')]);
    clock.advance(50);
    set([
      engineStatus('BTCUSDT', { status: 'stopped' }),
      engineStatus('ETHUSDT', { errorCount: 1 }),
    ]);
    clock.advance(100);
    expect(diffs).toHaveLength(1);
    expect(diffs[0].atMs - startedAt).toBeLessThanOrEqual(INTERVAL_MS);
    expect(diffs[0].diff.engines).toEqual([
      { symbol: 'BTCUSDT', status: 'stopped' },
      { symbol: 'ETHUSDT', errorCount: 1 },
    ]);
    expect(diffs[0].frame).toMatchObject({ type: 'event', topic: 'fleet', kind: 'diff' });
    clock.advance(INTERVAL_MS * 3);
    expect(diffs).toHaveLength(1);
  });

  it('heartbeat-only movement reaches clients once per volatile interval, not every interval', () => {
    const { clock, feed, diffs, set } = setup();
    feed.snapshotFrame();
    for (let beat = 1; beat <= 8; beat++) {
      set([
        engineStatus('BTCUSDT', { lastHeartbeat: `2026-01-01T00:01:0${beat}.000Z` }),
        engineStatus('ETHUSDT', { eventsProcessed: 100 + beat }),
      ]);
      clock.advance(INTERVAL_MS);
    }
    // 2,000 ms of diff passes, VOLATILE_MS = 1,000: two diffs, each with the latest values.
    expect(diffs.map((d) => d.diff.engines)).toEqual([
      [
        { symbol: 'BTCUSDT', lastHeartbeat: '2026-01-01T00:01:04.000Z' },
        { symbol: 'ETHUSDT', eventsProcessed: 104 },
      ],
      [
        { symbol: 'BTCUSDT', lastHeartbeat: '2026-01-01T00:01:08.000Z' },
        { symbol: 'ETHUSDT', eventsProcessed: 108 },
      ],
    ]);
  });

  it('snapshots are built at most once per interval however many clients ask, and stop() ends the polling', () => {
    const { clock, feed, polls } = setup();
    const first = feed.snapshotFrame();
    for (let i = 0; i < 99; i++) expect(feed.snapshotFrame()).toBe(first);
    expect(polls()).toBe(1);
    clock.advance(INTERVAL_MS);
    expect(feed.snapshotFrame()).not.toBe(first);
    feed.stop();
    expect(feed.running).toBe(false);
    expect(clock.pendingTimers).toBe(0);
    const before = polls();
    clock.advance(INTERVAL_MS * 10);
    expect(polls()).toBe(before);
  });
});
