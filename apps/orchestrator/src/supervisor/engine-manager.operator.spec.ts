import { silentLogger } from '@flotilla/core';
import type { EngineState } from '@flotilla/engine';
import type { Slot } from './engine-slot';
import type { EngineStatus } from './engine-status';
import { OperatorCommands } from './operator-commands';

function thrown(fn: () => unknown): { code?: string; message: string } {
  try {
    fn();
  } catch (e) {
    return e as { code?: string; message: string };
  }
  throw new Error('did not throw');
}
import { fakeExecutionFactory } from '@flotilla/engine/testing';
import { advance, crash, setup } from './testing/engine-manager.fixture';

describe('EngineManager operator commands (real engines)', () => {
  it('maintain(job) posts a fleet job tick into every engine with a live run, and only those', async () => {
    const { factory, built } = fakeExecutionFactory();
    const { manager, clock } = setup({ createExecution: () => factory });
    await manager.start('BTCUSDT');
    await manager.start('ETHUSDT');
    await manager.stop('ETHUSDT');
    expect(manager.maintain('guard')).toBe(1);
    await advance(clock, 250);
    const ticks = built.flatMap((e) => e.calls.filter((c) => c.startsWith('maintenance')));
    expect(ticks).toHaveLength(1);
    expect(ticks[0]).toMatch(/^maintenance:guard@/);
    expect(built.find((e) => e.calls.includes(ticks[0]))?.host.symbol).toBe('BTCUSDT');
  });

  it('pauses a running engine and resumes it; each refuses the wrong state with ENGINE_CONFLICT', async () => {
    const { manager } = setup();
    await manager.start('BTCUSDT');
    expect(thrown(() => manager.resume('BTCUSDT'))).toMatchObject({ code: 'ENGINE_CONFLICT' });
    expect(manager.pause('BTCUSDT').status).toBe('paused');
    expect(thrown(() => manager.pause('BTCUSDT'))).toMatchObject({
      code: 'ENGINE_CONFLICT',
      message: 'engine BTCUSDT is paused; pause needs a running engine',
    });
    expect(manager.resume('BTCUSDT').status).toBe('running');
    await manager.stop('BTCUSDT');
    expect(thrown(() => manager.pause('BTCUSDT'))).toMatchObject({ code: 'ENGINE_CONFLICT' });
    expect(thrown(() => manager.pause('ETHUSDT'))).toMatchObject({ code: 'ENGINE_NOT_FOUND' });
  });

  it('keeps an operator pause across an automatic restart, and an operator restart ends it', async () => {
    const { manager, clock } = setup();
    await manager.start('BTCUSDT');
    manager.pause('BTCUSDT');
    await crash(manager, clock);
    await advance(clock, 500);
    expect(manager.status('BTCUSDT').status).toBe('paused');
    expect(manager.status('BTCUSDT').restartCount).toBe(1);
    expect((await manager.restart('BTCUSDT')).status).toBe('running');
    await crash(manager, clock);
    await advance(clock, 500);
    expect(manager.status('BTCUSDT').status).toBe('running');
  });

  it('does not pause after a restart an engine the operator resumed', async () => {
    const { manager, clock } = setup();
    await manager.start('BTCUSDT');
    manager.pause('BTCUSDT');
    manager.resume('BTCUSDT');
    await crash(manager, clock);
    await advance(clock, 500);
    expect(manager.status('BTCUSDT').status).toBe('running');
  });

  it('refuses to flatten a stopped engine, and one without execution', async () => {
    const { manager } = setup();
    await manager.start('BTCUSDT');
    expect(thrown(() => manager.flatten('BTCUSDT', 'operator', 'r1'))).toMatchObject({
      code: 'ENGINE_CONFLICT',
      message: 'engine BTCUSDT has no execution to flatten',
    });
    await manager.stop('BTCUSDT');
    expect(thrown(() => manager.flatten('BTCUSDT', 'operator', 'r1'))).toMatchObject({
      message: 'engine BTCUSDT is stopped; flatten needs a running or paused engine',
    });
  });
});

class FakeEngine {
  readonly flatten = jest.fn<void, [string, string, string | null]>();
  constructor(
    readonly symbol: string,
    public currentState: EngineState,
  ) {}
  pause() {
    this.currentState = 'paused';
  }
  resume() {
    this.currentState = 'running';
  }
}

function commands(engines: FakeEngine[]) {
  const slots = new Map(engines.map((e) => [e.symbol, { engine: e } as unknown as Slot]));
  const errors: string[] = [];
  const cmds = new OperatorCommands({
    slotOf: (s) => slots.get(s)!,
    slots: () => slots.values(),
    status: (s) => ({ symbol: s, status: slots.get(s)!.engine.currentState }) as EngineStatus,
    logger: { ...silentLogger, error: (m: string) => errors.push(m) },
  });
  return { cmds, errors };
}

describe('OperatorCommands flatten', () => {
  it('tells a running or paused engine to flatten with the actor and request id', () => {
    const running = new FakeEngine('BTCUSDT', 'running');
    const paused = new FakeEngine('ETHUSDT', 'paused');
    const { cmds } = commands([running, paused]);
    expect(cmds.flatten('BTCUSDT', 'operator', 'req-1').status).toBe('running');
    expect(running.flatten).toHaveBeenCalledWith('operator flatten', 'operator', 'req-1');
    cmds.flatten('ETHUSDT', 'operator', null);
    expect(paused.flatten).toHaveBeenCalledTimes(1);
  });

  it('flattens every live engine, skips the others, and goes on past one that refuses', () => {
    const a = new FakeEngine('BTCUSDT', 'running');
    const b = new FakeEngine('ETHUSDT', 'paused');
    const c = new FakeEngine('SOLUSDT', 'stopped');
    const d = new FakeEngine('ADAUSDT', 'running');
    d.flatten.mockImplementation(() => {
      throw new Error('no live run');
    });
    const { cmds, errors } = commands([a, b, c, d]);
    const outcome = cmds.flattenLive('kill switch', 'operator', 'req-2');
    expect(outcome).toEqual({
      flattened: ['BTCUSDT', 'ETHUSDT'],
      failed: [{ symbol: 'ADAUSDT', message: 'no live run' }],
    });
    expect(a.flatten).toHaveBeenCalledWith('kill switch', 'operator', 'req-2');
    expect(c.flatten).not.toHaveBeenCalled();
    expect(errors).toEqual(['flatten failed']);
  });
});
