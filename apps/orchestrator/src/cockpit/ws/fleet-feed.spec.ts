import { ManualClock } from '@flotilla/core';
import { summarizeFleet, type EngineStatus } from '../../supervisor';
import { FleetFeed } from './fleet-feed';
import type { FleetDiff } from './fleet-differ';
import { engineStatus } from './testing/engine-statuses';

const INTERVAL_MS = 250;

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
