import { Decimal, ManualClock, dec, silentLogger, type OrderBookView } from '@flotilla/core';
import type { Intent, Signal } from '@flotilla/trading';
import type { ExecutionSettings, ExecutorDeps } from '../contracts';
import { Executor } from '../executor';
import { FakeHost } from './fake-host';
import { FakeRisk } from './fake-risk';
import { FakeVenue, testClientOrderId } from './fake-venue';
import { MemoryAudit } from './memory-audit';

export const TEST_SETTINGS: ExecutionSettings = {
  entryNotional: new Decimal(100),
  stopLossPct: new Decimal(1),
  takeProfitPct: new Decimal(2),
  exitOnOppositeSignal: true,
  leverage: new Decimal(1),
  stopConfirmTimeoutMs: 3000,
};

/** An Executor on fakes with a manual clock: the pieces a unit test drives by hand. */
export class ExecutorHarness {
  readonly clock = new ManualClock();
  readonly host: FakeHost;
  readonly venue = new FakeVenue(testClientOrderId);
  readonly risk = new FakeRisk();
  readonly audit = new MemoryAudit();
  readonly executor: Executor;
  private signals = 0;

  constructor(
    readonly symbol = 'BTCUSDT',
    overrides: Partial<Omit<ExecutorDeps, 'settings'>> & {
      settings?: Partial<ExecutionSettings>;
    } = {},
  ) {
    this.host = new FakeHost(symbol);
    this.venue.now = () => this.clock.now();
    const { settings, ...deps } = overrides;
    this.executor = new Executor({
      host: this.host,
      venue: this.venue,
      risk: this.risk,
      audit: this.audit,
      auditReader: this.audit,
      settings: { ...TEST_SETTINGS, ...settings },
      clock: this.clock,
      logger: silentLogger,
      clientOrderIdOf: testClientOrderId,
      lookupDelayMs: 1000,
      ...deps,
    });
    this.venue.onEvent((e) => this.host.post('venue.event', () => this.executor.onVenueEvent(e)));
  }

  /** start() and let reconciliation finish against the fake venue. */
  async started(): Promise<void> {
    this.executor.start();
    await this.host.settle();
  }

  signal(side: 'buy' | 'sell', mid = '100', id = `sig-${++this.signals}`): Intent {
    const signal: Signal = {
      id,
      symbol: this.symbol,
      side,
      imbalance: dec('0.8'),
      mid: dec(mid),
      spread: dec('0.1'),
      bidVolume: dec('20000'),
      askVolume: dec('5000'),
      buyFlow: dec('0'),
      sellFlow: dec('0'),
      depthLevels: 5,
      at: this.clock.now(),
    };
    return { type: 'enter', symbol: this.symbol, side, signal };
  }

  /** Sends an intent and settles the venue's answers. */
  async intent(side: 'buy' | 'sell', mid = '100', id?: string): Promise<Intent> {
    const i = this.signal(side, mid, id);
    this.executor.onIntent(i);
    await this.host.settle();
    return i;
  }

  /** Advances the clock one tick (default 1 s), calls onTimer, and settles. */
  async tick(ms = 1000): Promise<void> {
    this.clock.advance(ms);
    this.executor.onTimer(this.clock.now());
    await this.host.settle();
  }

  /** Fills an order on the fake venue; its stream events go through the host. */
  async fill(clientOrderId: string, price: string, qty?: string): Promise<void> {
    this.venue.fillOrder(clientOrderId, price, qty);
    await this.host.settle();
  }

  entryId(signalId: string): string {
    return testClientOrderId(this.symbol, signalId, 'entry');
  }

  book(bid: string, ask: string): void {
    const level = (p: string) => ({ price: dec(p), size: dec('1') });
    const view: OrderBookView = {
      symbol: this.symbol,
      updateId: 1,
      bids: () => [level(bid)],
      asks: () => [level(ask)],
      bestBid: () => level(bid),
      bestAsk: () => level(ask),
      quoteVolume: () => dec('0'),
    };
    this.executor.onBook({
      kind: 'book',
      symbol: this.symbol,
      book: view,
      exchangeTs: this.clock.now(),
      receivedAtMono: 0,
    });
  }
}
