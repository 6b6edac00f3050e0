import { ExecutionRegistry } from './execution-registry';
import { FakeExecutorView } from './testing/fakes';

describe('ExecutionRegistry', () => {
  it('keeps the current view per symbol and lists them by symbol', () => {
    const registry = new ExecutionRegistry();
    const eth = new FakeExecutorView('ETHUSDT');
    const btc = new FakeExecutorView('BTCUSDT');
    registry.register('ETHUSDT', eth);
    registry.register('BTCUSDT', btc);
    expect(registry.list()).toEqual([btc, eth]);
    expect(registry.get('ETHUSDT')).toBe(eth);
    registry.unregister('ETHUSDT', eth);
    expect(registry.get('ETHUSDT')).toBeUndefined();
    expect(registry.list()).toEqual([btc]);
  });

  it("ignores a late unregister of an earlier run's view", () => {
    const registry = new ExecutionRegistry();
    const first = new FakeExecutorView('BTCUSDT');
    const second = new FakeExecutorView('BTCUSDT');
    registry.register('BTCUSDT', first);
    registry.register('BTCUSDT', second);
    registry.unregister('BTCUSDT', first);
    expect(registry.get('BTCUSDT')).toBe(second);
  });
});
