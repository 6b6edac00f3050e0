import { threadIds } from './cpu-pinning';
import { MainThreadSchedSampler, parseSchedstat, threadSched } from './thread-sched';

describe('thread scheduler counters (the fleet bench reads them from /proc)', () => {
  it('parses a schedstat line into ms on a CPU and ms waiting for one', () => {
    expect(parseSchedstat('123000000 4500000 77\n')).toEqual({ runMs: 123, waitMs: 4.5 });
    expect(parseSchedstat('')).toBeNull();
    expect(parseSchedstat('not a number')).toBeNull();
  });

  it('lists this process among its own threads and reads its main thread', () => {
    expect(threadIds(process.pid)).toContain(process.pid);
    const s = threadSched(process.pid);
    expect(s).not.toBeNull();
    expect(s!.runMs).toBeGreaterThan(0);
    expect(threadSched(process.pid, 2 ** 30)).toBeNull();
  });

  it('accounts a busy window as time run or time waited for a CPU', () => {
    const sampler = new MainThreadSchedSampler(process.pid, 60_000);
    const until = performance.now() + 200;
    let spins = 0;
    while (performance.now() < until) spins++;
    const load = sampler.stop();
    expect(spins).toBeGreaterThan(0);
    expect(load).not.toBeNull();
    // runnable throughout: on a CPU or queued for one (the kernel's clock, not ours)
    expect(load!.cpuPct + load!.runQueueWaitPct).toBeGreaterThan(80);
    expect(load!.cpuPct + load!.runQueueWaitPct).toBeLessThan(110);
    expect(load!.worstIntervalWaitPct).toBeGreaterThanOrEqual(0);
  });
});
