import { Counter, Gauge, Registry } from 'prom-client';
import { renderInTurns, type YieldTurn } from './render-in-turns';

function fleetRegistry(engines: number): Registry {
  const registry = new Registry();
  const registers = [registry];
  new Gauge({
    name: 'per_engine',
    help: 'one series per engine',
    labelNames: ['symbol'],
    registers,
    collect() {
      for (let i = 0; i < engines; i++) this.set({ symbol: `S${i}USDT` }, i);
    },
  });
  new Counter({ name: 'events_total', help: 'a plain counter', registers }).inc(3);
  new Gauge({ name: 'empty', help: 'no series yet', registers });
  return registry;
}

describe('renderInTurns', () => {
  it('renders the same text as registry.metrics()', async () => {
    const registry = fleetRegistry(50);
    expect(await renderInTurns(registry)).toBe(await registry.metrics());
  });

  it('gives the event loop a turn after each metric family, not one turn for all', async () => {
    const registry = fleetRegistry(1000);
    const turns: Array<() => void> = [];
    const queued: YieldTurn = (fn) => turns.push(fn);
    let text: string | undefined;
    const rendering = renderInTurns(registry, queued).then((t) => (text = t));
    let families = 0;
    for (;;) {
      // Let the current family finish formatting (its collect and string are promise steps).
      await new Promise((r) => setImmediate(r));
      const next = turns.shift();
      if (next === undefined) break;
      expect(text).toBeUndefined();
      families++;
      next();
    }
    await rendering;
    expect(families).toBe(3);
    expect(text).toContain('per_engine{symbol="S999USDT"} 999');
    expect(text).toContain('events_total 3');
  });
});
