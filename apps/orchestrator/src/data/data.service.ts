import { Inject, Injectable } from '@nestjs/common';
import { DomainError, isoOrNull, toWire, type Decimal } from '@flotilla/core';
import type { FlotillaConfig } from '@flotilla/config';
import type { MarketDataHub } from '@flotilla/market-data';
import { measureBook } from '@flotilla/trading';
import { EngineOverridesService } from '../runtime/engine-overrides.service';
import { strategyParamsFor } from '../runtime/engine-params';
import { CONFIG, MARKET_DATA } from '../runtime/tokens';

const wire = (d: Decimal | null | undefined): string | null => (d ? toWire(d) : null);

/** Market views from the engines' local books (the hub's), decimals as strings. */
@Injectable()
export class DataService {
  constructor(
    @Inject(MARKET_DATA) private readonly hub: MarketDataHub,
    @Inject(CONFIG) private readonly config: FlotillaConfig,
    private readonly overrides: EngineOverridesService,
  ) {}

  pairs() {
    return this.hub.instruments().map((i) => ({
      symbol: i.symbol,
      base: i.base,
      quote: i.quote,
      tickSize: toWire(i.tickSize),
      qtyStep: toWire(i.qtyStep),
      minOrderQty: toWire(i.minOrderQty),
      minNotional: toWire(i.minNotional),
      subscribed: this.hub.book(i.symbol) !== undefined,
    }));
  }

  orderbook(symbol: string, depth: number) {
    const book = this.bookOf(symbol);
    const level = (l: { price: Decimal; size: Decimal }): [string, string] => [
      toWire(l.price),
      toWire(l.size),
    ];
    return {
      symbol,
      updateId: book.updateId,
      bids: book.bids(depth).map(level),
      asks: book.asks(depth).map(level),
    };
  }

  metrics(symbol: string) {
    const book = this.bookOf(symbol);
    // The engine's own merge (config file, then the registry's overrides), as its next start reads it.
    const { depthLevels } = strategyParamsFor(this.config, symbol, this.overrides.get(symbol));
    const m = measureBook(book, depthLevels);
    const feed = this.hub.feedHealth(symbol);
    return {
      symbol,
      depthLevels,
      mid: wire(m?.mid),
      spread: wire(m?.spread),
      bidVolume: wire(m?.bidVolume),
      askVolume: wire(m?.askVolume),
      imbalance: wire(m?.imbalance),
      feed: { ...feed, lastMessageAt: isoOrNull(feed.lastMessageAt) },
    };
  }

  allMetrics() {
    return this.hub
      .instruments()
      .filter((i) => this.hub.book(i.symbol) !== undefined)
      .map((i) => this.metrics(i.symbol));
  }

  private bookOf(symbol: string) {
    if (!this.hub.instrument(symbol))
      throw new DomainError('UNKNOWN_SYMBOL', `${symbol} is not listed on the venue`);
    const book = this.hub.book(symbol);
    if (!book)
      throw new DomainError(
        'ENGINE_NOT_FOUND',
        `no local book for ${symbol}: start its engine first`,
      );
    return book;
  }
}
