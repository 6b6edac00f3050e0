import { ManualClock, type StructuredLogger } from '@flotilla/core';
import { DependencyMonitor, type DependencyProbe } from './dependency-monitor';

/** Lets settled promises run their callbacks; the clock, not real time, moves the monitor. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

class ScriptedProbe implements DependencyProbe {
  readonly label: string;
  calls = 0;
  failWith: Error | undefined;
  hang = false;

  constructor(readonly name: 'registry' | 'venue' | 'market_data') {
    this.label = name;
  }

  check(): Promise<Record<string, unknown>> {
    this.calls += 1;
    if (this.hang) return new Promise(() => undefined);
    return this.failWith ? Promise.reject(this.failWith) : Promise.resolve({ calls: this.calls });
  }
}

function recordingLogger(): StructuredLogger & { lines: Array<[string, string]> } {
  const lines: Array<[string, string]> = [];
  const log = (level: string) => (msg: string) => void lines.push([level, msg]);
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

describe('DependencyMonitor', () => {
  let clock: ManualClock;
  let venue: ScriptedProbe;
  let logger: ReturnType<typeof recordingLogger>;
  let monitor: DependencyMonitor;

  beforeEach(() => {
    clock = new ManualClock(Date.UTC(2026, 10, 25, 7, 0, 0));
    venue = new ScriptedProbe('venue');
    logger = recordingLogger();
    monitor = new DependencyMonitor({
      clock,
      intervalMs: 10_000,
      timeoutMs: 2_000,
      probes: [venue],
      logger,
    });
  });

  afterEach(() => monitor.stop());

  it('checks once at start, then once per period, and not in between', async () => {
    await monitor.start();
    expect(venue.calls).toBe(1);
    clock.advance(9_999);
    await flush();
    expect(venue.calls).toBe(1);
    clock.advance(1);
    await flush();
    expect(venue.calls).toBe(2);
    for (let i = 0; i < 3; i++) {
      clock.advance(10_000);
      await flush();
    }
    expect(venue.calls).toBe(5);
  });

  it('is unknown before its first answer, then caches status, since, checkedAt and details', async () => {
    expect(monitor.state('venue')).toMatchObject({ status: 'unknown', since: null });
    await monitor.start();
    clock.advance(10_000);
    await flush();
    expect(monitor.state('venue')).toEqual({
      name: 'venue',
      status: 'up',
      since: '2026-11-25T07:00:00.000Z',
      lastError: null,
      checkedAt: '2026-11-25T07:00:10.000Z',
      latencyMs: 0,
      details: { calls: 2 },
    });
  });

  it('reading the cache never calls the dependency', async () => {
    await monitor.start();
    for (let i = 0; i < 500; i++) monitor.states();
    expect(venue.calls).toBe(1);
  });

  it('logs a change once (warn when down, info when back), never per check', async () => {
    await monitor.start();
    venue.failWith = new Error('venue time endpoint answered HTTP 502');
    for (let i = 0; i < 5; i++) {
      clock.advance(10_000);
      await flush();
    }
    expect(monitor.state('venue')).toMatchObject({
      status: 'down',
      since: '2026-11-25T07:00:10.000Z',
      checkedAt: '2026-11-25T07:00:50.000Z',
      lastError: 'venue time endpoint answered HTTP 502',
    });
    venue.failWith = undefined;
    for (let i = 0; i < 3; i++) {
      clock.advance(10_000);
      await flush();
    }
    expect(monitor.state('venue')).toMatchObject({
      status: 'up',
      since: '2026-11-25T07:01:00.000Z',
      lastError: null,
    });
    expect(logger.lines).toEqual([
      ['warn', 'dependency venue is down'],
      ['info', 'dependency venue is back up'],
    ]);
  });

  it('a check that does not answer within the timeout is down, naming who did not answer', async () => {
    venue.hang = true;
    const first = monitor.start();
    await flush();
    clock.advance(2_000);
    await first;
    expect(monitor.state('venue')).toMatchObject({
      status: 'down',
      lastError: 'venue did not answer within 2000 ms',
      latencyMs: 2_000,
    });
  });

  it('refresh runs one check at a time however often it is asked', async () => {
    venue.hang = true;
    const asks = [monitor.refresh('venue'), monitor.refresh('venue'), monitor.refresh('venue')];
    await flush();
    expect(venue.calls).toBe(1);
    clock.advance(2_000);
    await Promise.all(asks);
    expect(venue.calls).toBe(1);
  });

  it('a check that answers after stop changes nothing and logs nothing', async () => {
    await monitor.start();
    venue.hang = true;
    clock.advance(10_000);
    await flush();
    monitor.stop();
    clock.advance(2_000);
    await flush();
    expect(monitor.state('venue')).toMatchObject({ status: 'up' });
    expect(logger.lines).toEqual([]);
  });

  it('stop cancels the period', async () => {
    await monitor.start();
    monitor.stop();
    clock.advance(60_000);
    await flush();
    expect(venue.calls).toBe(1);
    expect(clock.pendingTimers).toBe(0);
  });
});
