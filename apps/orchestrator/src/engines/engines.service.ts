import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@flotilla/core';
import type { MarketDataPort } from '@flotilla/engine';
import { EngineOverridesService } from '../runtime/engine-overrides.service';
import { ENGINE_MANAGER, MARKET_DATA } from '../runtime/tokens';
import type { EngineManager, EngineStatus } from '../supervisor';
import type { EngineFaultDto } from './dto/fault.dto';

/** How stale GET /engines/status may be; commands over HTTP invalidate it at once. */
export const FLEET_STATUS_TTL_MS = 100;

/** The operator's commands on the fleet; the controller stays thin and this delegates to EngineManager. */
@Injectable()
export class EnginesService {
  private fleetCache: { builtAt: number; json: string } | null = null;

  constructor(
    @Inject(ENGINE_MANAGER) private readonly manager: EngineManager,
    @Inject(MARKET_DATA) private readonly marketData: MarketDataPort,
    private readonly overrides: EngineOverridesService,
  ) {}

  /**
   * The fleet status as JSON text, rebuilt at most every FLEET_STATUS_TTL_MS: with 1,000 engines the
   * body is ~600 KB, and probes and dashboards poll it many times a second. Commands invalidate it.
   */
  fleetJson(): string {
    const now = performance.now();
    if (this.fleetCache === null || now - this.fleetCache.builtAt >= FLEET_STATUS_TTL_MS) {
      this.fleetCache = { builtAt: now, json: JSON.stringify(this.manager.fleetStatus()) };
    }
    return this.fleetCache.json;
  }

  status(symbol: string): EngineStatus {
    return this.manager.status(symbol);
  }

  start(symbol: string): Promise<EngineStatus> {
    this.assertListed(symbol);
    return this.invalidating(() => this.manager.start(symbol));
  }

  stop(symbol: string): Promise<EngineStatus> {
    return this.invalidating(() => this.manager.stop(symbol));
  }

  restart(symbol: string): Promise<EngineStatus> {
    return this.invalidating(() => this.manager.restart(symbol));
  }

  private async invalidating(command: () => Promise<EngineStatus>): Promise<EngineStatus> {
    try {
      return await command();
    } finally {
      this.fleetCache = null;
    }
  }

  async setConfig(symbol: string, body: unknown): Promise<Record<string, unknown>> {
    this.assertListed(symbol);
    return this.overrides.set(symbol, body);
  }

  injectFault(symbol: string, fault: EngineFaultDto): EngineStatus {
    this.manager.injectFault(symbol, fault.type);
    return this.manager.status(symbol);
  }

  private assertListed(symbol: string): void {
    if (!this.marketData.instrument(symbol)) {
      throw new DomainError('UNKNOWN_SYMBOL', `${symbol} is not listed on the venue`);
    }
  }
}
