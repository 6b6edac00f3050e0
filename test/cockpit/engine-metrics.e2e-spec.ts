import request from 'supertest';
import { startTestApp, waitFor, waitForStatus, type TestApp } from '../support/app-harness';

/** One sample line: name{labels} value. */
function samples(text: string, name: string): { labels: Record<string, string>; value: number }[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .map((l) => {
      const labels: Record<string, string> = {};
      const body = /\{(.*)\}/.exec(l)?.[1] ?? '';
      for (const m of body.matchAll(/(\w+)="([^"]*)"/g)) labels[m[1]] = m[2];
      return { labels, value: Number(l.slice(l.lastIndexOf(' ') + 1)) };
    });
}

/** An eager strategy: signals on most book updates, so the per-symbol signal counters move. */
const EAGER = { buyThreshold: '0.5', sellThreshold: '0.45', minClusterVolume: '0', cooldownMs: 0 };

describe('/metrics per engine (real app, two engines)', () => {
  let t: TestApp;
  const scrape = async () => (await request(t.http).get('/metrics').expect(200)).text;

  beforeAll(async () => {
    t = await startTestApp({ faultInjection: true, overrides: { engineDefaults: EAGER } });
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      await request(t.http).post(`/engines/start/${symbol}`).set(t.auth()).expect(201);
      await waitForStatus(t, symbol, (s) => s.status === 'running', 3_000, `${symbol} running`);
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  it('has one flotilla_engine_state series per engine, 1 on its current state', async () => {
    await request(t.http).post('/engines/stop/ETHUSDT').set(t.auth()).expect(200);
    await waitForStatus(t, 'ETHUSDT', (s) => s.status === 'stopped', 3_000, 'ETHUSDT stopped');
    const text = await scrape();
    expect(samples(text, 'flotilla_engine_state')).toEqual([
      { labels: { symbol: 'BTCUSDT', state: 'running' }, value: 1 },
      { labels: { symbol: 'ETHUSDT', state: 'stopped' }, value: 1 },
    ]);
    await request(t.http).post('/engines/start/ETHUSDT').set(t.auth()).expect(201);
    await waitForStatus(t, 'ETHUSDT', (s) => s.status === 'running', 3_000, 'ETHUSDT running');
    expect(samples(await scrape(), 'flotilla_engine_state')).toContainEqual({
      labels: { symbol: 'ETHUSDT', state: 'running' },
      value: 1,
    });
  });

  it('counts signals per symbol and shows position and PnL per symbol as the status reports them', async () => {
    const text = await waitFor(
      async () => {
        const s = await scrape();
        const signals = samples(s, 'flotilla_engine_signals_total');
        return signals.length === 2 && signals.every((x) => x.value > 0) ? s : null;
      },
      10_000,
      'signals on both engines',
    );
    const signals = samples(text, 'flotilla_engine_signals_total').map((x) => x.labels.symbol);
    expect(signals.sort()).toEqual(['BTCUSDT', 'ETHUSDT']);
    for (const name of ['flotilla_unrealized_pnl', 'flotilla_realized_pnl']) {
      const series = samples(text, name);
      expect(series.map((x) => x.labels)).toEqual([{ symbol: 'BTCUSDT' }, { symbol: 'ETHUSDT' }]);
      for (const x of series) expect(Number.isFinite(x.value)).toBe(true);
    }
    const positions = samples(text, 'flotilla_position_qty');
    expect(positions.map((x) => x.labels.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    for (const p of positions) {
      expect(['long', 'short', 'flat']).toContain(p.labels.side);
      expect(p.value === 0).toBe(p.labels.side === 'flat');
    }
  });

  it('has build info, readiness, registry pending writes, per-symbol restarts and stock Node.js names', async () => {
    const text = await scrape();
    expect(samples(text, 'flotilla_build_info')).toEqual([
      {
        labels: {
          version: expect.stringMatching(/^\d+\.\d+\.\d+/) as string,
          node: process.version,
        },
        value: 1,
      },
    ]);
    expect(samples(text, 'flotilla_ready')).toEqual([{ labels: {}, value: 1 }]);
    expect(samples(text, 'flotilla_registry_pending_writes')).toEqual([{ labels: {}, value: 0 }]);
    expect(samples(text, 'flotilla_engine_restarts_total')).toEqual([]);
    for (const stock of [
      'process_cpu_seconds_total',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect({ stock, typed: text.includes(`# TYPE ${stock} `) }).toEqual({ stock, typed: true });
    }
    expect(text).not.toMatch(/^flotilla_(nodejs|process)_/m);
  });

  it('counts an automatic restart on the engine that restarted', async () => {
    await request(t.http)
      .post('/engines/BTCUSDT/faults')
      .set(t.auth())
      .send({ type: 'crash' })
      .expect(200);
    await waitForStatus(
      t,
      'BTCUSDT',
      (s) => s.status === 'running' && s.restartCount === 1,
      5_000,
      'BTCUSDT restarted',
    );
    expect(samples(await scrape(), 'flotilla_engine_restarts_total')).toEqual([
      { labels: { symbol: 'BTCUSDT' }, value: 1 },
    ]);
  });
});
