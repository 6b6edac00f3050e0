import { DomainError, ManualClock, silentLogger } from '@flotilla/core';
import {
  ImbalanceStrategy,
  RecordingIntentSink,
  type Intent,
  type Strategy,
} from '@flotilla/trading';
import {
  bookEvent,
  fakeBook,
  testStrategyParams,
  tickerEvent,
  tradeEvent,
} from '@flotilla/trading/testing';
import type { EngineFault, TradingEngineDeps } from './engine-types';
import { FakeMarketData, settle } from './testing/fake-market-data';
import { TradingEngine } from './trading-engine';

const SYMBOL = 'BTCUSDT';
const START = 1_000_000;
const buyBook = (receivedAtMono = START) =>
  bookEvent(fakeBook(SYMBOL, [['100', '100']], [['125', '20']]), receivedAtMono);

class RecordingStrategy implements Strategy {
  readonly seen: string[] = [];
  throwOn: string | null = null;
  onBook(): Intent[] {
    return this.record('book');
  }
  onTrade(): Intent[] {
    return this.record('trade');
  }
  onTicker(): Intent[] {
    return this.record('ticker');
  }
  onTimer(): Intent[] {
    return this.record('timer');
  }
  private record(kind: string): Intent[] {
    this.seen.push(kind);
    if (this.throwOn === kind) throw new Error(`boom on ${kind}`);
    return [];
  }
}

function setup(overrides: Partial<TradingEngineDeps> = {}) {
  const clock = new ManualClock(START);
  const marketData = new FakeMarketData();
  const intents = new RecordingIntentSink(100);
  const faults: EngineFault[] = [];
  const strategies: RecordingStrategy[] = [];
  const signals: number[] = [];
  const engine = new TradingEngine({
    symbol: SYMBOL,
    marketData,
    createStrategy: () => {
      const s = new RecordingStrategy();
      strategies.push(s);
      return s;
    },
    intents,
    clock,
    logger: silentLogger,
    onFault: (_symbol, fault) => faults.push(fault),
    onSignal: (_signal, latencyMs) => signals.push(latencyMs),
    ...overrides,
  });
  return { clock, marketData, intents, faults, strategies, signals, engine };
}

describe('TradingEngine', () => {
  it('subscribes on start and feeds every event type to the strategy (SPEC 12)', async () => {
    const { clock, marketData, strategies, engine } = setup();
    engine.start('test');
    expect(engine.currentState).toBe('running');
    expect(marketData.subscribers(SYMBOL)).toBe(1);
    marketData.book(buyBook());
    marketData.trade(tradeEvent(SYMBOL, [{ price: '1', size: '1', side: 'buy' }]));
    marketData.ticker(tickerEvent(SYMBOL, '1'));
    clock.advance(1000);
    await settle();
    expect(strategies[0].seen).toEqual(['book', 'trade', 'ticker', 'timer']);
    expect(engine.status().eventsProcessed).toBe(4);
  });

  it('refreshes the heartbeat on each timer tick', async () => {
    const { clock, engine } = setup();
    engine.start('test');
    clock.advance(3000);
    await settle();
    expect(engine.status().lastHeartbeatMs).toBe(START + 3000);
  });

  it('turns a book into a signal and an intent, measuring tick-to-signal latency', async () => {
    const { clock, marketData, intents, signals, engine } = setup({
      createStrategy: () =>
        new ImbalanceStrategy({ symbol: SYMBOL, clock, params: testStrategyParams() }),
    });
    engine.start('test');
    marketData.book(buyBook(START - 7));
    await settle();
    expect(intents.intents().map((i) => i.side)).toEqual(['buy']);
    expect(signals).toEqual([7]);
    expect(engine.signals()).toHaveLength(1);
  });

  it('bounds the signal history', async () => {
    const { clock, marketData, engine } = setup({
      signalHistorySize: 3,
      createStrategy: () =>
        new ImbalanceStrategy({
          symbol: SYMBOL,
          clock,
          params: testStrategyParams({ cooldownMs: 0 }),
        }),
    });
    engine.start('test');
    for (let i = 0; i < 5; i++) {
      clock.advance(1);
      marketData.book(buyBook());
      await settle();
    }
    expect(engine.signals().map((s) => s.at)).toEqual([START + 3, START + 4, START + 5]);
    expect(engine.status().signalsEmitted).toBe(5);
  });

  it('reads a configured history size again at each start, trimming to a smaller one', async () => {
    let size = 3;
    const { clock, marketData, engine } = setup({
      signalHistorySize: () => size,
      createStrategy: () =>
        new ImbalanceStrategy({
          symbol: SYMBOL,
          clock,
          params: testStrategyParams({ cooldownMs: 0 }),
        }),
    });
    engine.start('test');
    for (let i = 0; i < 3; i++) {
      clock.advance(1);
      marketData.book(buyBook());
      await settle();
    }
    expect(engine.signals()).toHaveLength(3);
    engine.stop('test');
    size = 1;
    engine.start('test');
    expect(engine.signals().map((s) => s.at)).toEqual([START + 3]);
  });

  it('does not submit entries while paused but keeps handling events', async () => {
    const { clock, marketData, intents, engine } = setup({
      createStrategy: () =>
        new ImbalanceStrategy({ symbol: SYMBOL, clock, params: testStrategyParams() }),
    });
    engine.start('test');
    engine.pause('operator');
    marketData.book(buyBook());
    await settle();
    expect(engine.status().eventsProcessed).toBe(1);
    expect(intents.intents()).toHaveLength(0);
    engine.resume('operator');
    expect(engine.currentState).toBe('running');
  });

  it('conflates books while the engine is busy', async () => {
    const { marketData, strategies, engine } = setup();
    engine.start('test');
    for (let i = 0; i < 100; i++) marketData.book(buyBook());
    await settle();
    expect(strategies[0].seen).toEqual(['book']);
    expect(engine.status().conflatedEvents).toBe(99);
  });

  it('crashes alone on an escaping exception: releases everything and reports at once', async () => {
    const { clock, marketData, faults, strategies, engine } = setup();
    engine.start('test');
    strategies[0].throwOn = 'trade';
    marketData.trade(tradeEvent(SYMBOL, [{ price: '1', size: '1', side: 'sell' }]));
    await settle();
    expect(engine.currentState).toBe('crashed');
    expect(engine.status().lastError).toBe('boom on trade');
    expect(faults.map((f) => f.kind)).toEqual(['crash']);
    expect(marketData.subscribers(SYMBOL)).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('restarts with a fresh strategy after a crash', async () => {
    const { marketData, strategies, engine } = setup();
    engine.start('test');
    engine.injectFault('crash');
    marketData.book(buyBook());
    await settle();
    expect(engine.currentState).toBe('crashed');
    engine.enterBackoff(START, 'policy');
    expect(engine.status().nextRestartAtMs).toBe(START);
    engine.start('restart due');
    expect(engine.currentState).toBe('running');
    expect(strategies).toHaveLength(2);
    expect(marketData.subscribers(SYMBOL)).toBe(1);
  });

  it('injected crash throws in the next handled event, even with only the timer', async () => {
    const { clock, faults, engine } = setup();
    engine.start('test');
    engine.injectFault('crash');
    clock.advance(1000);
    await settle();
    expect(engine.currentState).toBe('crashed');
    expect(faults[0].error.message).toBe('injected fault: crash');
  });

  it('injected error is handled: counted, recorded, engine keeps running', async () => {
    const { clock, engine } = setup();
    engine.start('test');
    engine.injectFault('error');
    clock.advance(1000);
    await settle();
    const s = engine.status();
    expect(s.state).toBe('running');
    expect(s.errorCount).toBe(1);
    expect(s.lastError).toBe('injected fault: error');
    expect(engine.errorTimesMs()).toEqual([START + 1000]);
  });

  it('answers liveness and counters with the same values its full status carries', async () => {
    const { clock, engine } = setup();
    expect(engine.liveness()).toEqual({
      symbol: engine.status().symbol,
      state: 'stopped',
      startedAtMs: null,
      lastHeartbeatMs: null,
    });
    engine.start('test');
    engine.injectFault('error');
    clock.advance(2000);
    await settle();
    const { symbol, state, startedAtMs, lastHeartbeatMs, eventsProcessed, errorCount } =
      engine.status();
    expect(engine.liveness()).toEqual({ symbol, state, startedAtMs, lastHeartbeatMs });
    expect(engine.counters()).toEqual({ state, eventsProcessed, errorCount });
    expect(engine.counters()).toMatchObject({ state: 'running', errorCount: 1 });
    expect(engine.liveness().lastHeartbeatMs).toBe(START + 2000);
  });

  it('counts every injected error, even several before the next handled event', async () => {
    const { clock, engine } = setup();
    engine.start('test');
    engine.injectFault('error');
    engine.injectFault('error');
    engine.injectFault('error');
    clock.advance(1000);
    await settle();
    expect(engine.status()).toMatchObject({ state: 'running', errorCount: 3 });
    expect(engine.errorTimesMs()).toEqual([START + 1000, START + 1000, START + 1000]);
  });

  it('injected hang stops the heartbeat even though the timer keeps ticking', async () => {
    const { clock, marketData, faults, engine } = setup();
    engine.start('test');
    engine.injectFault('hang');
    clock.advance(1000);
    await settle();
    const hungAt = engine.status().lastHeartbeatMs;
    for (let i = 0; i < 10; i++) {
      clock.advance(1000);
      marketData.book(buyBook());
      await settle();
    }
    const s = engine.status();
    expect(s.lastHeartbeatMs).toBe(hungAt);
    expect(s.inFlightSinceMs).toBe(START + 1000);
    expect(s.mailboxSize).toBeLessThanOrEqual(11);
    expect(faults).toEqual([]);
    engine.kill('hang: heartbeat stale');
    expect(engine.currentState).toBe('crashed');
    expect(engine.status().lastError).toBe('hang: heartbeat stale');
    expect(marketData.subscribers(SYMBOL)).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('counts trades dropped when the mailbox overflows', () => {
    const { marketData, engine } = setup({ mailboxCapacity: 4 });
    engine.start('test');
    for (let i = 0; i < 10; i++)
      marketData.trade(tradeEvent(SYMBOL, [{ price: '1', size: '1', side: 'buy' }]));
    expect(engine.status().droppedEvents).toBe(6);
  });

  it('counts a failing intent sink as a handled error, not a crash', async () => {
    const strategyClock = new ManualClock(START);
    const { marketData, engine } = setup({
      createStrategy: () =>
        new ImbalanceStrategy({
          symbol: SYMBOL,
          clock: strategyClock,
          params: testStrategyParams(),
        }),
      intents: {
        submit: () => {
          throw new Error('sink down');
        },
      },
    });
    engine.start('test');
    marketData.book(buyBook());
    await settle();
    expect(engine.currentState).toBe('running');
    expect(engine.status().errorCount).toBe(1);
  });

  it('stop releases subscription and timer and is idempotent', () => {
    const { clock, marketData, engine } = setup();
    engine.start('test');
    engine.stop('operator');
    engine.stop('operator');
    expect(engine.currentState).toBe('stopped');
    expect(marketData.subscribers(SYMBOL)).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('a failed subscribe crashes the start and reports it', () => {
    const { marketData, faults, engine } = setup();
    marketData.failSubscribe = new Error('feed down');
    engine.start('test');
    expect(engine.currentState).toBe('crashed');
    expect(engine.status().lastError).toBe('start failed: feed down');
    expect(faults).toHaveLength(1);
  });

  it('rejects invalid transitions and faults on a stopped engine', () => {
    const { engine } = setup();
    expect(() => engine.pause('x')).toThrow(/trigger "pause" in state "stopped"/);
    expect(() => engine.injectFault('crash')).toThrow(DomainError);
    engine.start('test');
    expect(() => engine.start('again')).toThrow(/trigger "start" in state "running"/);
  });

  it('restores a persisted failed state without subscribing; only a start leaves it', () => {
    const { marketData, clock, engine } = setup({
      restore: { state: 'failed', lastError: 'restart limit reached' },
    });
    expect(engine.currentState).toBe('failed');
    expect(engine.status().lastError).toBe('restart limit reached');
    expect(marketData.subscribers(SYMBOL)).toBe(0);
    expect(clock.pendingTimers).toBe(0);
    expect(() => engine.enterBackoff(START, 'auto')).toThrow(/scheduleRestart/);
    engine.start('operator start');
    expect(engine.currentState).toBe('running');
    expect(marketData.subscribers(SYMBOL)).toBe(1);
  });

  it('restores a persisted crash so the supervisor can schedule its restart', () => {
    const { engine } = setup({ restore: { state: 'crashed', lastError: 'boom' } });
    expect(engine.currentState).toBe('crashed');
    engine.enterBackoff(START + 1000, 'restart #2 in 1000 ms');
    expect(engine.status().nextRestartAtMs).toBe(START + 1000);
    engine.start('automatic restart');
    expect(engine.currentState).toBe('running');
  });
});
