import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Clock, SystemClock, TimerHandle } from '@flotilla/core';
import { handleAdmin } from './admin-routes';
import { AccountSpec, Exchange } from './exchange';
import { ActiveFault, FaultBoard, FaultRequest, parseFaultRequest } from './faults';
import { ActivePrivateFault } from './private/private-faults';
import { PrivateSide } from './private/private-side';
import { openExchange } from './private/state-file';
import { sendJson, sendNotFound } from './http-util';
import { buildInstruments, gridOf, InstrumentSpec } from './instruments';
import { Market, SimTrade } from './market';
import { MirrorFeed, MirrorStats } from './mirror/mirror-feed';
import { fetchUpstreamInstruments } from './mirror/upstream-instruments';
import { Prng, seedFor } from './prng';
import { PUBLIC_LINEAR_PATH, PublicStream } from './public-stream';
import { PRIVATE_PATH, PrivateStream, PrivateStreamStats } from './private-stream/private-stream';
import { handleRest } from './rest-routes';
import { SimState } from './sim-state';
import { priceString, WireLevel, wireLevels } from './wire';

export interface VenueSimOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default 42; the same seed gives the same market. */
  seed?: number;
  /** Extra generated symbols SYN0001USDT...; default 0. */
  synthetic?: number;
  /** Updates per second per symbol; default 10; 0 = only tick() advances the market. */
  rateHz?: number;
  /**
   * Each update interval is split into this many phases, each stepping its share of the symbols
   * (symbol i in phase i mod phases), the way a venue's symbols update independently rather than
   * all in the same millisecond. Default 10 (capped so a phase lasts at least 1 ms); 1 steps every
   * symbol at once, a burst per interval (the worst case for a consumer).
   */
  phases?: number;
  clock?: Clock;
}

/** The private side's options, apart so the CLI's Required<VenueSimOptions> stays as it is. */
export interface VenueSimTradingOptions {
  /** Trading accounts; default one, DEFAULT_ACCOUNT (flotilla-sim, 100,000 USDT). */
  accounts?: readonly AccountSpec[];
  /** `--state FILE`: the accounts are loaded from it at start and saved to it while trading. */
  statePath?: string;
  /** Multiplies Bybit's per-second rate limits (default 1). */
  rateLimitScale?: number;
  /**
   * `--mirror`: the books and trades follow this upstream's public v5 linear stream instead of
   * the random walk, for the symbols its instruments-info lists (`symbols` narrows them).
   */
  mirror?: MirrorOptions;
}

export interface MirrorOptions {
  readonly wsUrl: string;
  readonly restUrl: string;
  readonly symbols?: readonly string[];
}

export interface FaultOutcome {
  readonly fault: FaultRequest;
  /** Sockets affected right away (drop, garbage burst). */
  readonly affectedConnections?: number;
  readonly active?: ActiveFault | ActivePrivateFault;
}

export interface SimBook {
  bids: WireLevel[];
  asks: WireLevel[];
  u: number;
  seq: number;
}

export interface VenueSim {
  readonly port: number;
  readonly restUrl: string;
  readonly wsPublicUrl: string;
  /** `ws://…/v5/private`: the private stream (auth, order/execution/position/wallet). */
  readonly wsPrivateUrl: string;
  /** The private side: accounts, orders, positions, matched against these markets' books. */
  readonly exchange: Exchange;
  symbols(): string[];
  /** Advances every symbol's market one update and publishes it. */
  tick(): void;
  book(symbol: string, depth: number): SimBook;
  injectFault(f: FaultRequest): FaultOutcome;
  activeFaults(): Array<ActiveFault | ActivePrivateFault>;
  /**
   * The private stream registers how `private-drop` closes its sockets; the hook returns how many
   * it closed.
   */
  onPrivateDrop(hook: () => number): void;
  /** Ends every private fault at once (a drill's "all clear"). */
  clearPrivateFaults(): void;
  /** The private stream's sockets and its drop counters (slow client, idle, fault). */
  privateStreamStats(): PrivateStreamStats;
  /** Mirror mode: the upstream connection, resyncs and staleness; null for the random walk. */
  mirrorStats(): MirrorStats | null;
  /**
   * Drill hook: moves the symbol's mid by pct percent and steps its market at once, so stops and
   * take-profits standing in the way trigger now. Random-walk mode only.
   */
  shock(symbol: string, pct: number): PriceShock;
  close(): Promise<void>;
}

export interface PriceShock {
  readonly symbol: string;
  readonly fromMid: string;
  readonly toMid: string;
  /** The last traded price after the shock's update. */
  readonly lastPrice: string;
}

const DEFAULT_STALL_MS = 5000;
const DEFAULT_PHASES = 10;

export async function startVenueSim(
  opts: VenueSimOptions & VenueSimTradingOptions = {},
): Promise<VenueSim> {
  const instruments = opts.mirror
    ? await fetchUpstreamInstruments(opts.mirror.restUrl, opts.mirror.symbols)
    : buildInstruments(opts.seed ?? 42, opts.synthetic ?? 0);
  const sim = new SimulatedVenue(opts, instruments);
  await sim.listen(opts.host ?? '127.0.0.1', opts.port ?? 0);
  return sim;
}

class SimulatedVenue implements VenueSim {
  private readonly clock: Clock;
  private readonly state: SimState;
  private readonly marketList: Market[];
  private readonly faults: FaultBoard;
  private readonly stream: PublicStream;
  private readonly privateStream: PrivateStream;
  readonly exchange: Exchange;
  private readonly privateSide: PrivateSide;
  private readonly server: Server;
  private readonly rateHz: number;
  private readonly phases: number;
  private readonly mirror: MirrorFeed | null = null;
  private nextPhase = 0;
  private ticker: TimerHandle | null = null;
  private host = '127.0.0.1';
  port = 0;

  constructor(opts: VenueSimOptions & VenueSimTradingOptions, instruments: InstrumentSpec[]) {
    this.clock = opts.clock ?? new SystemClock();
    this.rateHz = opts.mirror ? 0 : (opts.rateHz ?? 10);
    const seed = opts.seed ?? 42;
    const synthetic = opts.synthetic ?? 0;
    if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    if (!Number.isInteger(synthetic) || synthetic < 0 || synthetic > 9999) {
      throw new RangeError(`synthetic must be an integer in [0, 9999], got ${synthetic}`);
    }
    if (!(this.rateHz >= 0 && this.rateHz <= 1000)) {
      throw new RangeError(`rateHz must be in [0, 1000], got ${this.rateHz}`);
    }
    const phases = opts.phases ?? DEFAULT_PHASES;
    if (!Number.isInteger(phases) || phases < 1 || phases > 1000) {
      throw new RangeError(`phases must be an integer in [1, 1000], got ${phases}`);
    }
    // A phase lasts at least 1 ms (timer resolution), so the rate holds at any setting.
    this.phases =
      this.rateHz > 0 ? Math.max(1, Math.min(phases, Math.floor(1000 / this.rateHz))) : 1;
    const nowMs = this.clock.now();
    const mirrored = opts.mirror !== undefined;
    this.marketList = instruments.map(
      (spec) => new Market(gridOf(spec), new Prng(seedFor(seed, spec.symbol)), nowMs, mirrored),
    );
    this.state = {
      clock: this.clock,
      instruments,
      markets: new Map(this.marketList.map((m) => [m.symbol, m])),
      launchTimeMs: 1_585_526_400_000,
    };
    this.exchange = openExchange(
      this.clock,
      this.state.markets,
      seed,
      opts.accounts,
      opts.statePath,
    );
    this.privateSide = new PrivateSide(this.clock, this.exchange, seed, opts);
    this.faults = new FaultBoard(this.clock, (f) => this.onFaultExpired(f));
    this.stream = new PublicStream(this.state, this.faults);
    this.server = createServer((req, res) => this.onRequest(req, res));
    this.privateStream = new PrivateStream({
      clock: this.clock,
      source: this.exchange,
      refusing: () => this.faults.has('refuse'),
    });
    this.onPrivateDrop(() => this.privateStream.dropAll());
    if (opts.mirror) {
      this.mirror = new MirrorFeed({
        wsUrl: opts.mirror.wsUrl,
        clock: this.clock,
        markets: this.marketList,
        onUpdate: (market, trades) => this.publish(market, trades),
      });
    }
    this.server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
      if (PrivateStream.isPrivatePath(req.url)) this.privateStream.handleUpgrade(req, socket, head);
      else this.stream.handleUpgrade(req, socket, head);
    });
  }

  get restUrl(): string {
    return `http://${this.host}:${this.port}`;
  }

  get wsPrivateUrl(): string {
    return `ws://${this.host}:${this.port}${PRIVATE_PATH}`;
  }

  get wsPublicUrl(): string {
    return `ws://${this.host}:${this.port}${PUBLIC_LINEAR_PATH}`;
  }

  async listen(host: string, port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.host = host;
    this.port = (this.server.address() as AddressInfo).port;
    this.mirror?.start();
    if (this.rateHz > 0)
      this.ticker = this.clock.setInterval(
        () => this.tickPhase(),
        1000 / this.rateHz / this.phases,
      );
  }

  symbols(): string[] {
    return this.marketList.map((m) => m.symbol);
  }

  tick(): void {
    if (this.mirror) return;
    const nowMs = this.clock.now();
    this.stream.corked(() => {
      for (const market of this.marketList) this.step(market, nowMs);
    });
  }

  /** One phase of the timer-driven market: every phases-th symbol, so each steps once per interval. */
  private tickPhase(): void {
    const nowMs = this.clock.now();
    const markets = this.marketList;
    this.stream.corked(() => {
      for (let i = this.nextPhase; i < markets.length; i += this.phases)
        this.step(markets[i], nowMs);
    });
    this.nextPhase = (this.nextPhase + 1) % this.phases;
  }

  shock(symbol: string, pct: number): PriceShock {
    const market = this.state.markets.get(symbol);
    if (!market) throw new RangeError(`unknown symbol ${symbol}`);
    if (this.mirror) throw new RangeError('a price shock needs the random walk, not mirror mode');
    const { fromTicks, toTicks } = market.shock(pct);
    this.step(market, this.clock.now());
    return {
      symbol,
      fromMid: priceString(market, fromTicks),
      toMid: priceString(market, toTicks),
      lastPrice: priceString(market, market.lastPriceTicks),
    };
  }

  private step(market: Market, nowMs: number): void {
    this.publish(market, market.step(nowMs));
  }

  private publish(market: Market, trades: SimTrade[]): void {
    this.stream.publish(market, trades);
    this.exchange.onMarketUpdate(market, trades);
  }

  book(symbol: string, depth: number): SimBook {
    const market = this.state.markets.get(symbol);
    if (!market) throw new RangeError(`unknown symbol ${symbol}`);
    return {
      bids: wireLevels(market, market.book.bids.levels(depth)),
      asks: wireLevels(market, market.book.asks.levels(depth)),
      u: market.u,
      seq: market.seq,
    };
  }

  injectFault(request: FaultRequest): FaultOutcome {
    const f = parseFaultRequest(request, (s) => this.state.markets.has(s));
    const symbol = f.symbol ?? null;
    switch (f.type) {
      case 'drop':
        return { fault: f, affectedConnections: this.stream.drop(symbol) };
      case 'gap':
        for (const market of this.marketList) {
          if (symbol === null || market.symbol === symbol) market.skipNextUpdateId();
        }
        return { fault: f };
      case 'garbage':
        if (f.durationMs === undefined) {
          return { fault: f, affectedConnections: this.stream.garbageBurst(symbol) };
        }
        return { fault: f, active: this.faults.add('garbage', symbol, f.durationMs) };
      case 'stall':
      case 'refuse':
        return {
          fault: f,
          active: this.faults.add(f.type, symbol, f.durationMs ?? DEFAULT_STALL_MS),
        };
      case 'latency':
      case 'timeout-after-accept':
      case 'reject':
      case 'rate-limit':
      case 'server-error':
      case 'private-drop':
      case 'stop-reject':
        return { fault: f, ...this.privateSide.inject(f) };
    }
  }

  activeFaults(): Array<ActiveFault | ActivePrivateFault> {
    return [...this.faults.list(), ...this.privateSide.activeFaults()];
  }

  onPrivateDrop(hook: () => number): void {
    this.privateSide.onPrivateDrop(hook);
  }

  clearPrivateFaults(): void {
    this.privateSide.clearFaults();
  }

  privateStreamStats(): PrivateStreamStats {
    return this.privateStream.stats();
  }

  mirrorStats(): MirrorStats | null {
    return this.mirror?.stats() ?? null;
  }

  async close(): Promise<void> {
    this.mirror?.close();
    this.ticker?.cancel();
    this.ticker = null;
    this.faults.clear();
    this.privateSide.close();
    await this.stream.close();
    await this.privateStream.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onFaultExpired(fault: ActiveFault): void {
    if (fault.type === 'stall') this.stream.resumeAfterStall(fault.symbol);
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://venue-sim');
    try {
      if (this.privateSide.route(req, res, url.pathname)) return;
      if (req.method === 'GET' && handleRest(this.state, url.pathname, url.searchParams, res))
        return;
      if (handleAdmin(this, req, url.pathname, url.searchParams, res)) return;
      sendNotFound(res, req.method ?? 'GET', url.pathname);
    } catch (error) {
      sendJson(res, 500, { retCode: 10016, retMsg: `internal error: ${String(error)}` });
    }
  }
}
