import { ManualClock } from '@flotilla/core';
import { engineHeartbeatIntervalMs, HealthMonitor, type MonitoredEngine } from './health-monitor';

const T0 = 1_000_000;

function setup(engine: Partial<MonitoredEngine>) {
  const clock = new ManualClock(T0);
  const e: MonitoredEngine = {
    symbol: 'BTCUSDT',
    state: 'running',
    startedAtMs: T0,
    lastHeartbeatMs: T0,
    errorTimesMs: [],
    ...engine,
  };
  const hangs: number[] = [];
  const spikes: number[] = [];
  const monitor = new HealthMonitor({
    clock,
    engines: () => [e],
    onHang: (_s, age) => hangs.push(age),
    onErrorSpike: (_s, n) => spikes.push(n),
  });
  return { clock, e, hangs, spikes, monitor };
}

describe('HealthMonitor', () => {
  it('reports a hang once the heartbeat is older than heartbeatTimeoutMs, within one interval', () => {
    const { clock, hangs, monitor } = setup({});
    monitor.start();
    clock.advance(5000);
    expect(hangs).toEqual([]);
    clock.advance(1000);
    expect(hangs).toEqual([6000]);
  });

  it('stays quiet while the heartbeat is fresh', () => {
    const { clock, e, hangs, monitor } = setup({});
    monitor.start();
    for (let i = 0; i < 20; i++) {
      clock.advance(1000);
      e.lastHeartbeatMs = clock.now();
    }
    expect(hangs).toEqual([]);
  });

  it('judges only live engines', () => {
    const { clock, e, hangs, monitor } = setup({ state: 'crashed' });
    monitor.start();
    clock.advance(10_000);
    e.state = 'backoff';
    clock.advance(10_000);
    expect(hangs).toEqual([]);
  });

  it('reports more than errorSpikeCount handled errors in the window', () => {
    const { clock, e, spikes, monitor } = setup({});
    e.errorTimesMs = Array.from({ length: 10 }, (_, i) => T0 + i);
    expect(monitor.scan()).toEqual([]);
    e.errorTimesMs = [...e.errorTimesMs, T0 + 10];
    clock.advance(100);
    e.lastHeartbeatMs = clock.now();
    expect(monitor.scan()).toEqual([{ kind: 'errorSpike', symbol: 'BTCUSDT', errorsInWindow: 11 }]);
    expect(spikes).toEqual([11]);
  });

  it('forgets errors older than the window or from before the current start', () => {
    const { clock, e, monitor } = setup({});
    e.errorTimesMs = Array.from({ length: 20 }, (_, i) => T0 + i);
    clock.advance(60_100);
    e.lastHeartbeatMs = clock.now();
    expect(monitor.scan()).toEqual([]);
    e.startedAtMs = clock.now();
    e.errorTimesMs = Array.from({ length: 20 }, () => clock.now() - 1);
    expect(monitor.scan()).toEqual([]);
  });

  it('stops scanning when stopped', () => {
    const { clock, hangs, monitor } = setup({});
    monitor.start();
    monitor.start();
    monitor.stop();
    clock.advance(60_000);
    expect(hangs).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('engineHeartbeatIntervalMs', () => {
  it('beats every second under the default 5 s timeout', () => {
    expect(engineHeartbeatIntervalMs(5000)).toBe(1000);
  });

  it('beats at least twice per timeout when the timeout is short', () => {
    expect(engineHeartbeatIntervalMs(1500)).toBe(750);
    expect(engineHeartbeatIntervalMs(11)).toBe(5);
  });
});
