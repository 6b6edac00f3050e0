import { ManualClock, type LogFields } from '@flotilla/core';
import { EmbeddedSimSupervisor } from './embedded-sim-supervisor';
import type { SimExit, SimHandle } from './sim-process';

/** A launcher whose children exist only in memory; each launch can be made to fail. */
class FakeSims {
  readonly launches: number[] = [];
  readonly children: FakeSim[] = [];
  failNext = 0;
  /** While set, a launch waits for it (a child still booting). */
  gate: Promise<void> | undefined;
  private nextPid = 1000;

  readonly launch = async (port: number): Promise<SimHandle> => {
    this.launches.push(port);
    await this.gate;
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error(`listen EADDRINUSE: address already in use 127.0.0.1:${port}`);
    }
    const child = new FakeSim(this.nextPid++, port === 0 ? 41234 : port);
    this.children.push(child);
    return child;
  };

  get last(): FakeSim {
    return this.children[this.children.length - 1];
  }
}

class FakeSim implements SimHandle {
  readonly restUrl: string;
  readonly wsPublicUrl: string;
  readonly exited: Promise<SimExit>;
  stopped = false;
  private resolveExit!: (exit: SimExit) => void;

  constructor(
    readonly pid: number,
    readonly port: number,
  ) {
    this.restUrl = `http://127.0.0.1:${port}`;
    this.wsPublicUrl = `ws://127.0.0.1:${port}/v5/public/linear`;
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
  }

  kill9(): void {
    this.resolveExit({ code: null, signal: 'SIGKILL' });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.resolveExit({ code: 0, signal: null });
  }
}

/** Lets the promise callbacks that follow an exit or a launch run. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

function setup() {
  const clock = new ManualClock();
  const sims = new FakeSims();
  const logs: { msg: string; fields?: LogFields }[] = [];
  const record = (msg: string, fields?: LogFields) => logs.push({ msg, fields });
  const logger = { debug: record, info: record, warn: record, error: record };
  const observed = { up: [] as boolean[], restarts: 0 };
  const observer = {
    simUp: (up: boolean) => observed.up.push(up),
    simRestarted: () => observed.restarts++,
  };
  // random 0 gives the low end of each equal-jitter window: base / 2.
  const supervisor = new EmbeddedSimSupervisor({
    launch: sims.launch,
    clock,
    logger,
    observer,
    random: () => 0,
  });
  return { clock, sims, logs, observed, supervisor };
}

describe('EmbeddedSimSupervisor', () => {
  it('restarts a killed simulator on the same port after the backoff, counts and logs it', async () => {
    const { clock, sims, logs, observed, supervisor } = setup();
    await supervisor.start();
    const first = sims.last;
    expect(supervisor.restUrl).toBe('http://127.0.0.1:41234');
    expect(logs).toContainEqual({
      msg: 'embedded simulator started',
      fields: { simPid: first.pid, port: 41234 },
    });

    first.kill9();
    await settle();
    expect(supervisor.isUp).toBe(false);
    expect(observed.up).toEqual([true, false]);
    clock.advance(249);
    await settle();
    expect(sims.launches).toEqual([0]);
    clock.advance(1);
    await settle();

    expect(sims.launches).toEqual([0, 41234]);
    expect(supervisor.pid).toBe(sims.last.pid);
    expect(supervisor.pid).not.toBe(first.pid);
    expect(supervisor.restUrl).toBe('http://127.0.0.1:41234');
    expect(supervisor.restarts).toBe(1);
    expect(observed).toEqual({ up: [true, false, true], restarts: 1 });
    expect(logs.map((l) => l.msg)).toEqual([
      'embedded simulator started',
      'embedded simulator exited unexpectedly',
      'embedded simulator restart scheduled',
      'embedded simulator restarted',
      'embedded simulator started',
    ]);
  });

  it('retries a failed restart (port taken) with doubling delays up to 30 s, logging each failure', async () => {
    const { clock, sims, logs, supervisor } = setup();
    await supervisor.start();
    sims.failNext = 8;
    sims.last.kill9();
    await settle();
    const delays = logs
      .filter((l) => l.msg === 'embedded simulator restart scheduled')
      .map((l) => l.fields?.inMs);
    for (let i = 0; i < 9; i++) {
      clock.advance(30_000);
      await settle();
    }
    const scheduled = logs
      .filter((l) => l.msg === 'embedded simulator restart scheduled')
      .map((l) => l.fields?.inMs);
    expect(delays).toEqual([250]);
    // base 500 ms doubling, capped at 30 s; random 0 gives half of each base.
    expect(scheduled).toEqual([250, 500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
    const failures = logs.filter((l) => l.msg === 'embedded simulator restart failed');
    expect(failures).toHaveLength(8);
    expect(failures[0].fields).toMatchObject({
      port: 41234,
      error: expect.stringContaining('EADDRINUSE') as unknown,
    });
    expect(sims.launches.slice(1).every((p) => p === 41234)).toBe(true);
    expect(supervisor.isUp).toBe(true);
    expect(supervisor.restarts).toBe(1);
  });

  it('starts the schedule afresh after a healthy minute, but not after a short run', async () => {
    const { clock, sims, logs, supervisor } = setup();
    await supervisor.start();
    const scheduled = () =>
      logs
        .filter((l) => l.msg === 'embedded simulator restart scheduled')
        .map((l) => l.fields?.inMs);

    sims.last.kill9();
    await settle();
    clock.advance(250);
    await settle();
    clock.advance(10_000); // up for 10 s only
    sims.last.kill9();
    await settle();
    expect(scheduled()).toEqual([250, 500]);

    clock.advance(500);
    await settle();
    clock.advance(60_000); // a healthy minute
    sims.last.kill9();
    await settle();
    expect(scheduled()).toEqual([250, 500, 250]);
  });

  it('stops a child whose restart was in flight when close began', async () => {
    const { clock, sims, supervisor } = setup();
    await supervisor.start();
    let open!: () => void;
    sims.gate = new Promise((resolve) => (open = resolve));
    sims.last.kill9();
    await settle();
    clock.advance(250);
    await settle();
    expect(sims.launches).toEqual([0, 41234]);
    const closed = supervisor.close();
    open();
    await closed;
    expect(sims.children).toHaveLength(2);
    expect(sims.last.stopped).toBe(true);
    expect(supervisor.isUp).toBe(false);
    expect(supervisor.restarts).toBe(0);
  });

  it('never restarts after close, even with a restart pending', async () => {
    const { clock, sims, supervisor } = setup();
    await supervisor.start();
    sims.last.kill9();
    await settle();
    await supervisor.close();
    clock.advance(60_000);
    await settle();
    expect(sims.launches).toEqual([0]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('stops the running child on close without counting its exit as a crash', async () => {
    const { sims, logs, observed, supervisor } = setup();
    await supervisor.start();
    await supervisor.close();
    await settle();
    expect(sims.last.stopped).toBe(true);
    expect(logs.map((l) => l.msg)).not.toContain('embedded simulator exited unexpectedly');
    expect(observed).toEqual({ up: [true, false], restarts: 0 });
  });
});
