import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DomainError } from '@flotilla/core';
import type { FlotillaConfig } from '@flotilla/config';
import type { MarketDataPort } from '@flotilla/engine';
import { EngineOverridesService } from '../runtime/engine-overrides.service';
import { CONFIG, ENGINE_MANAGER, MARKET_DATA } from '../runtime/tokens';
import type { EngineManager, EngineStatus, FleetStatus } from '../supervisor';
import type { EngineFaultDto } from './dto/fault.dto';

/** The operator's commands on the fleet; the controller stays thin and this delegates to EngineManager. */
@Injectable()
export class EnginesService {
  constructor(
    @Inject(ENGINE_MANAGER) private readonly manager: EngineManager,
    @Inject(MARKET_DATA) private readonly marketData: MarketDataPort,
    @Inject(CONFIG) private readonly config: FlotillaConfig,
    private readonly overrides: EngineOverridesService,
  ) {}

  fleet(): FleetStatus {
    return this.manager.fleetStatus();
  }

  status(symbol: string): EngineStatus {
    return this.manager.status(symbol);
  }

  start(symbol: string): Promise<EngineStatus> {
    this.assertListed(symbol);
    return this.manager.start(symbol);
  }

  stop(symbol: string): Promise<EngineStatus> {
    return this.manager.stop(symbol);
  }

  restart(symbol: string): Promise<EngineStatus> {
    return this.manager.restart(symbol);
  }

  async setConfig(symbol: string, body: unknown): Promise<Record<string, unknown>> {
    this.assertListed(symbol);
    return this.overrides.set(symbol, body);
  }

  injectFault(symbol: string, fault: EngineFaultDto): EngineStatus {
    if (!this.config.faultInjection)
      throw new NotFoundException('fault injection is off (FAULT_INJECTION=true enables it)');
    this.manager.injectFault(symbol, fault.type);
    return this.manager.status(symbol);
  }

  private assertListed(symbol: string): void {
    if (!this.marketData.instrument(symbol)) {
      throw new DomainError('UNKNOWN_SYMBOL', `${symbol} is not listed on the venue`);
    }
  }
}
