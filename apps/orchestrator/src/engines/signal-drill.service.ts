import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { Decimal, type Clock } from '@flotilla/core';
import type { FlotillaConfig } from '@flotilla/config';
import type { MarketDataHub } from '@flotilla/market-data';
import { measureBook, type Side, type Signal } from '@flotilla/trading';
import { EngineOverridesService } from '../runtime/engine-overrides.service';
import { strategyParamsFor } from '../runtime/engine-params';
import { CLOCK, CONFIG, ENGINE_MANAGER, MARKET_DATA } from '../runtime/tokens';
import type { EngineManager } from '../supervisor';

/**
 * Drills (FAULT_INJECTION=true only): a signal built from the engine's own local book right now,
 * sent into its actor as the strategy would send it, so a test or an operator's drill can open a
 * position when it chooses instead of waiting for the market to tip the imbalance.
 */
@Injectable()
export class SignalDrill {
  private seq = 0;

  constructor(
    @Inject(ENGINE_MANAGER) private readonly manager: EngineManager,
    @Inject(MARKET_DATA) private readonly hub: MarketDataHub,
    @Inject(CONFIG) private readonly config: FlotillaConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly overrides: EngineOverridesService,
  ) {}

  inject(symbol: string, side: Side): Signal {
    this.manager.status(symbol); // 404 for a symbol without an engine
    const book = this.hub.book(symbol);
    const { depthLevels } = strategyParamsFor(this.config, symbol, this.overrides.get(symbol));
    const m = book && measureBook(book, depthLevels);
    if (!m) throw new NotFoundException(`no order book for ${symbol} yet`);
    const now = this.clock.now();
    const signal: Signal = {
      id: `${symbol}-drill-${now}-${++this.seq}`,
      symbol,
      side,
      imbalance: m.imbalance ?? new Decimal('0.5'),
      mid: m.mid,
      spread: m.spread,
      bidVolume: m.bidVolume,
      askVolume: m.askVolume,
      buyFlow: new Decimal(0),
      sellFlow: new Decimal(0),
      depthLevels,
      at: now,
    };
    this.manager.injectIntent(symbol, { type: 'enter', symbol, side, signal });
    return signal;
  }
}
