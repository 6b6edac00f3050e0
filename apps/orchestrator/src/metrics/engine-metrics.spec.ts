import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineStatus } from '../supervisor';
import { MetricsService } from './metrics.service';
import { packageVersion } from './service-gauges';

type Partial = Pick<EngineStatus, 'symbol' | 'status' | 'unrealizedPnl' | 'realizedPnl'> & {
  position: { side: 'long' | 'short'; qty: string } | null;
};

function service(engines: () => Partial[]) {
  const metrics = new MetricsService();
  metrics.setSources({
    engineStates: () =>
      ({}) as ReturnType<Parameters<MetricsService['setSources']>[0]['engineStates']>,
    engines: () => engines() as unknown as EngineStatus[],
    eventsProcessed: () => 0,
    handledErrors: () => 0,
    feed: () => ({ messages: 0, reconnects: 0, gaps: 0, resyncs: 0, malformed: 0 }),
  });
  return metrics;
}

const lines = (text: string, name: string) =>
  text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));

describe('packageVersion', () => {
  it('finds the root package.json version from the source tree', () => {
    const root = JSON.parse(readFileSync(join(__dirname, '../../../../package.json'), 'utf8')) as {
      version: string;
    };
    expect(packageVersion()).toBe(root.version);
    expect(packageVersion('/')).toBe('unknown');
  });
});

describe('per-engine and service gauges', () => {
  it('serves overlapping scrapes one rendering, every engine in both', async () => {
    const fleet: Partial[] = ['AUSDT', 'BUSDT', 'CUSDT'].map((symbol) => ({
      symbol,
      status: 'running',
      unrealizedPnl: '0',
      realizedPnl: '0',
      position: null,
    }));
    let reads = 0;
    const metrics = service(() => {
      reads++;
      return fleet;
    });
    const [one, two] = await Promise.all([metrics.render(), metrics.render()]);
    expect(reads).toBe(1);
    expect(two).toBe(one);
    expect(lines(one, 'flotilla_engine_state')).toHaveLength(3);
    await metrics.render();
    expect(reads).toBe(2);
  });

  it('reads the fleet at scrape time: current state only, position with side, PnL; a removed engine leaves no series', async () => {
    let fleet: Partial[] = [
      {
        symbol: 'BTCUSDT',
        status: 'running',
        unrealizedPnl: '-1.25',
        realizedPnl: '3',
        position: { side: 'short', qty: '0.002' },
      },
      {
        symbol: 'ETHUSDT',
        status: 'backoff',
        unrealizedPnl: '0',
        realizedPnl: '0',
        position: null,
      },
    ];
    const metrics = service(() => fleet);
    let text = await metrics.render();
    expect(lines(text, 'flotilla_engine_state')).toEqual([
      'flotilla_engine_state{symbol="BTCUSDT",state="running"} 1',
      'flotilla_engine_state{symbol="ETHUSDT",state="backoff"} 1',
    ]);
    expect(lines(text, 'flotilla_position_qty')).toEqual([
      'flotilla_position_qty{symbol="BTCUSDT",side="short"} 0.002',
      'flotilla_position_qty{symbol="ETHUSDT",side="flat"} 0',
    ]);
    expect(lines(text, 'flotilla_unrealized_pnl')).toEqual([
      'flotilla_unrealized_pnl{symbol="BTCUSDT"} -1.25',
      'flotilla_unrealized_pnl{symbol="ETHUSDT"} 0',
    ]);
    fleet = [{ ...fleet[1], status: 'running' }];
    text = await metrics.render();
    expect(lines(text, 'flotilla_engine_state')).toEqual([
      'flotilla_engine_state{symbol="ETHUSDT",state="running"} 1',
    ]);
    expect(lines(text, 'flotilla_realized_pnl')).toEqual([
      'flotilla_realized_pnl{symbol="ETHUSDT"} 0',
    ]);
  });

  it('counts signals and automatic restarts per symbol (an operator start from crashed is not a restart)', async () => {
    const metrics = service(() => []);
    metrics.observeSignal('BTCUSDT', 1);
    metrics.observeSignal('BTCUSDT', 2);
    const change = (from: string, to: string) =>
      ({ symbol: 'SOLUSDT', from, to, at: 0, reason: 'x', status: {} }) as unknown as Parameters<
        MetricsService['observeTransition']
      >[0];
    metrics.observeTransition(change('backoff', 'starting'));
    metrics.observeTransition(change('crashed', 'starting'));
    const text = await metrics.render();
    expect(lines(text, 'flotilla_engine_signals_total')).toEqual([
      'flotilla_engine_signals_total{symbol="BTCUSDT"} 2',
    ]);
    expect(lines(text, 'flotilla_engine_restarts_total')).toEqual([
      'flotilla_engine_restarts_total{symbol="SOLUSDT"} 1',
    ]);
  });

  it('flotilla_ready and flotilla_registry_pending_writes follow their sources; build info is 1', async () => {
    const metrics = service(() => []);
    let text = await metrics.render();
    expect(lines(text, 'flotilla_ready')).toEqual(['flotilla_ready 0']);
    let ready = false;
    let pending = 7;
    metrics.setServiceSources({ ready: () => ready, registryPendingWrites: () => pending });
    expect(lines(await metrics.render(), 'flotilla_registry_pending_writes')).toEqual([
      'flotilla_registry_pending_writes 7',
    ]);
    ready = true;
    pending = 0;
    text = await metrics.render();
    expect(lines(text, 'flotilla_ready')).toEqual(['flotilla_ready 1']);
    expect(lines(text, 'flotilla_registry_pending_writes')).toEqual([
      'flotilla_registry_pending_writes 0',
    ]);
    expect(lines(text, 'flotilla_build_info')).toEqual([
      `flotilla_build_info{version="${packageVersion()}",node="${process.version}"} 1`,
    ]);
  });
});
