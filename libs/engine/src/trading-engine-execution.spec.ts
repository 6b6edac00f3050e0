import { dec, DomainError, ManualClock, silentLogger } from '@flotilla/core';
import { ImbalanceStrategy, RecordingIntentSink } from '@flotilla/trading';
import { bookEvent, fakeBook, testStrategyParams } from '@flotilla/trading/testing';
import type { EngineFault, TradingEngineDeps } from './engine-types';
import type { MarketDataListener, MarketDataSubscription, VenueEvent } from './ports';
import { fakeExecutionFactory } from './testing/fake-execution';
import { FakeMarketData, settle } from './testing/fake-market-data';
import { TradingEngine } from './trading-engine';

const SYMBOL = 'BTCUSDT';
const START = 1_000_000;
const buyBook = () => bookEvent(fakeBook(SYMBOL, [['100', '100']], [['125', '20']]), START);
const wallet = (total: string): VenueEvent => ({
  kind: 'wallet',
  balance: { currency: 'USDT', total: dec(total), free: dec(total), used: dec('0') },
});

/** Delivers a book synchronously inside subscribe, as a hub replaying its snapshot might. */
class EagerMarketData extends FakeMarketData {
  override subscribe(symbol: string, listener: MarketDataListener): MarketDataSubscription {
    const sub = super.subscribe(symbol, listener);
    listener.onBook(buyBook());
    return sub;
  }
}

function setup(overrides: Partial<TradingEngineDeps> & { marketData?: FakeMarketData } = {}) {
  const clock = new ManualClock(START);
  const marketData = overrides.marketData ?? new FakeMarketData();
  const intents = new RecordingIntentSink(100);
  const faults: EngineFault[] = [];
  const { factory, built } = fakeExecutionFactory();
  const engine = new TradingEngine({
    symbol: SYMBOL,
    createStrategy: () =>
      new ImbalanceStrategy({
        symbol: SYMBOL,
        clock,
        params: testStrategyParams({ cooldownMs: 0 }),
      }),
    intents,
    createExecution: factory,
    clock,
    logger: silentLogger,
    onFault: (_symbol, fault) => faults.push(fault),
    ...overrides,
    marketData,
  });
  return { clock, marketData, intents, faults, built, engine };
}

describe('TradingEngine with an execution', () => {
  it('builds an execution per start and handles its start() before any market data', async () => {
    const { built, engine } = setup({ marketData: new EagerMarketData() });
    engine.start('test');
    expect(built).toHaveLength(1);
    expect(built[0].calls).toEqual([]);
    await settle();
    expect(built[0].calls).toEqual(['start', 'book', 'intent:buy']);
    expect(built[0].host.symbol).toBe(SYMBOL);
  });

  it('routes intents to the execution, not the sink; books after the strategy, then timer ticks', async () => {
    const { clock, marketData, intents, built, engine } = setup();
    engine.start('test');
    marketData.book(buyBook());
    await settle();
    clock.advance(1000);
    await settle();
    expect(built[0].calls).toEqual(['start', 'book', 'intent:buy', 'timer']);
    expect(built[0].intents[0].signal.symbol).toBe(SYMBOL);
    expect(intents.intents()).toHaveLength(0);
    expect(engine.status().signalsEmitted).toBe(1);
  });

  it('passes intents to the execution while paused: it decides (exits must pass)', async () => {
    const { marketData, built, engine } = setup();
    engine.start('test');
    engine.pause('operator');
    marketData.book(buyBook());
    await settle();
    expect(built[0].calls).toEqual(['start', 'book', 'intent:buy']);
    expect(built[0].host.entriesAllowed()).toBe(false);
  });

  it('lets the execution pause a running engine with a reason; a no-op otherwise', async () => {
    const transitions: string[] = [];
    const { built, engine } = setup({ onTransition: (t) => transitions.push(t.to) });
    engine.start('test');
    await settle();
    const { host } = built[0];
    expect(host.entriesAllowed()).toBe(true);
    host.pause('stop not confirmed within 3000 ms');
    expect(engine.currentState).toBe('paused');
    expect(engine.status().lastError).toBe('stop not confirmed within 3000 ms');
    expect(host.entriesAllowed()).toBe(false);
    host.pause('again');
    expect(engine.status().lastError).toBe('stop not confirmed within 3000 ms');
    expect(transitions.filter((t) => t === 'paused')).toHaveLength(1);
    engine.resume('operator');
    expect(host.entriesAllowed()).toBe(true);
  });

  it('binds each host to its run: after the run ends, posts are ignored and pause does nothing', async () => {
    const { built, engine } = setup();
    engine.start('test');
    await settle();
    const old = built[0].host;
    engine.stop('operator');
    let ran = 0;
    old.post('late answer', () => ran++);
    engine.start('again');
    old.post('late answer', () => ran++);
    old.pause('from a dead run');
    await settle();
    expect(ran).toBe(0);
    expect(engine.currentState).toBe('running');
    expect(old.entriesAllowed()).toBe(false);
    built[1].host.post('fresh answer', () => ran++);
    await settle();
    expect(ran).toBe(1);
  });

  it('runs venue events and flatten inside the actor, in order', async () => {
    const { built, engine } = setup();
    engine.start('test');
    engine.postVenueEvent(wallet('1'));
    engine.flatten('operator flatten', 'operator', 'req-1');
    engine.postVenueEvent(wallet('2'));
    expect(built[0].calls).toEqual([]);
    await settle();
    expect(built[0].calls).toEqual([
      'start',
      'venue:wallet',
      'flatten:operator flatten:operator:req-1',
      'venue:wallet',
    ]);
  });

  it('posts a fleet job tick into the actor at the clock of its turn; a no-op without a live run', async () => {
    const { built, clock, engine } = setup();
    expect(engine.postMaintenance('guard')).toBe(false);
    engine.start('test');
    await settle();
    expect(engine.postMaintenance('guard')).toBe(true);
    clock.advance(5);
    expect(engine.postMaintenance('zombies')).toBe(true);
    expect(built[0].calls).not.toContain(`maintenance:guard@${START}`);
    await settle();
    expect(built[0].calls.filter((c) => c.startsWith('maintenance'))).toEqual([
      `maintenance:guard@${START + 5}`,
      `maintenance:zombies@${START + 5}`,
    ]);
    engine.stop('test');
    await settle();
    expect(engine.postMaintenance('guard')).toBe(false);
  });

  it('drops venue events without a run; flatten on a stopped or crashed engine is a conflict', async () => {
    const { marketData, built, engine } = setup();
    engine.postVenueEvent(wallet('1'));
    expect(() => engine.flatten('x', 'operator', null)).toThrow(DomainError);
    engine.start('test');
    built[0].throwOn = 'book';
    marketData.book(buyBook());
    await settle();
    expect(engine.currentState).toBe('crashed');
    let error: unknown;
    try {
      engine.flatten('x', 'operator', null);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('ENGINE_CONFLICT');
    engine.postVenueEvent(wallet('1'));
    await settle();
    expect(built[0].venueEvents).toHaveLength(0);
  });

  it('crashes on an exception in an execution command, stops the execution once, keeps its status', async () => {
    const { faults, marketData, built, engine } = setup();
    engine.start('test');
    await settle();
    built[0].realizedPnl = '12.5';
    built[0].throwOn = 'venue';
    engine.postVenueEvent(wallet('1'));
    await settle();
    expect(engine.currentState).toBe('crashed');
    expect(faults.map((f) => f.kind)).toEqual(['crash']);
    expect(engine.status().lastError).toBe('fake execution threw on venue:wallet');
    expect(built[0].stops).toBe(1);
    expect(marketData.subscribers(SYMBOL)).toBe(0);
    expect(engine.status().execution?.realizedPnl.toFixed()).toBe('12.5');
    engine.start('operator');
    expect(engine.status().execution?.realizedPnl.toFixed()).toBe('0');
    expect(built[0].stops).toBe(1);
  });

  it('crashes on an exception in onIntent (the execution may be inconsistent)', async () => {
    const { marketData, built, engine } = setup();
    engine.start('test');
    built[0].throwOn = 'intent';
    marketData.book(buyBook());
    await settle();
    expect(engine.currentState).toBe('crashed');
    expect(built[0].stops).toBe(1);
  });

  it('stops the execution exactly once on stop, kill and a repeated stop', async () => {
    const { built, engine } = setup();
    engine.start('test');
    await settle();
    built[0].realizedPnl = '-3';
    engine.stop('operator');
    engine.stop('operator');
    expect(built[0].stops).toBe(1);
    expect(engine.status().execution?.realizedPnl.toFixed()).toBe('-3');
    expect(engine.status().execution?.tradeCount).toBe(1);
    engine.start('again');
    engine.kill('hang');
    engine.kill('hang');
    engine.stop('operator');
    expect(built[1].stops).toBe(1);
    expect(built[1].calls).toEqual(['stop']);
  });

  it('fails the start when the factory throws, releasing what the run took', () => {
    const { marketData, faults, clock, engine } = setup({
      createExecution: () => {
        throw new Error('no venue');
      },
    });
    engine.start('test');
    expect(engine.currentState).toBe('crashed');
    expect(engine.status().lastError).toBe('start failed: no venue');
    expect(faults).toHaveLength(1);
    expect(marketData.subscribers(SYMBOL)).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('stops the execution when market data cannot be subscribed', () => {
    const marketData = new FakeMarketData();
    marketData.failSubscribe = new Error('feed down');
    const { built, engine } = setup({ marketData });
    engine.start('test');
    expect(engine.currentState).toBe('crashed');
    expect(built[0].stops).toBe(1);
    expect(built[0].calls).toEqual(['stop']);
  });

  it('never drops a venue event, even far beyond the mailbox capacity', async () => {
    const { built, engine } = setup({ mailboxCapacity: 4 });
    engine.start('test');
    for (let i = 0; i < 3000; i++) engine.postVenueEvent(wallet(String(i)));
    await settle(30);
    const totals = built[0].venueEvents.map((e) =>
      e.kind === 'wallet' ? e.balance.total.toNumber() : -1,
    );
    expect(totals).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(engine.status().droppedEvents).toBe(0);
  });

  it('has no execution in the snapshot without a factory', () => {
    const { engine } = setup({ createExecution: undefined });
    engine.start('test');
    expect(engine.status().execution).toBeNull();
    expect(() => engine.flatten('x', 'operator', null)).toThrow(/no execution/);
  });
});
