import type { StrategyParams } from '@flotilla/trading';
import { testStrategyParams } from '@flotilla/trading/testing';
import { advance, setup } from './testing/engine-manager.fixture';

/** What a registry could hold from before PUT config was validated: a start with it always fails. */
const unstartable = () =>
  ({ ...testStrategyParams(), buyThreshold: null }) as unknown as StrategyParams;

describe('EngineManager with a configuration that cannot start', () => {
  it('a resumed engine goes to failed at once with an alert naming the rule, not through backoff', async () => {
    const { clock, registry, manager, errors } = setup({ strategyParams: unstartable });
    await registry.upsert('BTCUSDT', { desiredState: 'running' });
    await manager.resumeFromRegistry(0);
    await advance(clock, 10_000);
    const status = manager.status('BTCUSDT');
    expect(status).toMatchObject({ status: 'failed', restartCount: 0 });
    expect(status.lastError).toContain('strategy.buyThreshold=null: must be a decimal string');
    expect(errors).toContainEqual([
      'ALERT engine failed: its configuration cannot start',
      expect.objectContaining({ symbol: 'BTCUSDT', alert: 'engine_config_invalid' }),
    ]);
    expect(registry.records.get('BTCUSDT')).toMatchObject({
      observedState: 'failed',
      restartHistory: [],
    });
  });

  it('an engine recovering from a crash before the reboot fails the same way', async () => {
    const { clock, registry, manager } = setup({ strategyParams: unstartable });
    await registry.upsert('BTCUSDT', { desiredState: 'running', observedState: 'crashed' });
    expect((await manager.resumeFromRegistry(0)).recovering).toEqual(['BTCUSDT']);
    await advance(clock, 10_000);
    expect(manager.status('BTCUSDT')).toMatchObject({ status: 'failed', restartCount: 0 });
  });

  it('an operator start is refused with 400 INVALID_CONFIG and leaves the engine as it was', async () => {
    const { manager } = setup({ strategyParams: unstartable });
    await expect(manager.start('BTCUSDT')).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
  });
});
