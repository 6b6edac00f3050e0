import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@flotilla/core';
import type { EngineState, MarketDataPort } from '@flotilla/engine';
import { EngineOverridesService } from '../runtime/engine-overrides.service';
import { OPERATOR, OperatorAudit } from '../trading/operator-audit';
import { ENGINE_MANAGER, MARKET_DATA } from '../runtime/tokens';
import type { EngineManager, EngineStatus } from '../supervisor';
import type { EngineFaultDto } from './dto/fault.dto';
import { FleetBodies, type FleetBody } from './fleet-bodies';

/** The operator's commands on the fleet; the controller stays thin and this delegates to EngineManager. */
@Injectable()
export class EnginesService {
  private readonly bodies: FleetBodies;

  constructor(
    @Inject(ENGINE_MANAGER) private readonly manager: EngineManager,
    @Inject(MARKET_DATA) private readonly marketData: MarketDataPort,
    private readonly overrides: EngineOverridesService,
    private readonly audit: OperatorAudit,
  ) {
    this.bodies = new FleetBodies(manager.snapshots);
  }

  /**
   * The fleet status as encoded JSON from the fleet's shared snapshot (FleetSnapshots.recent:
   * states current, ages up to 1 s), made once per snapshot (see FleetBodies).
   */
  async fleetBody(filter?: EngineState): Promise<FleetBody> {
    return this.bodies.plain(await this.manager.snapshots.recent(), filter);
  }

  /** The same body gzip-compressed (~450 KB of JSON at 1,000 engines shrinks about tenfold). */
  async fleetBodyGzip(filter?: EngineState): Promise<FleetBody> {
    return this.bodies.gzip(await this.manager.snapshots.recent(), filter);
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

  /** The operator's pause and resume, each audited with the request id once done. */
  pause(symbol: string): EngineStatus {
    return this.audited('operator.pause', symbol, () => this.manager.pause(symbol));
  }

  resume(symbol: string): EngineStatus {
    return this.audited('operator.resume', symbol, () => this.manager.resume(symbol));
  }

  /** The engine's execution audits the flatten itself (operator.flatten, with this request id). */
  flatten(symbol: string): EngineStatus {
    try {
      return this.manager.flatten(symbol, OPERATOR, this.audit.requestId());
    } finally {
      this.manager.snapshots.invalidate();
    }
  }

  private audited(
    action: 'operator.pause' | 'operator.resume',
    symbol: string,
    command: () => EngineStatus,
  ): EngineStatus {
    try {
      const status = command();
      this.audit.record(action, symbol, { status: status.status });
      return status;
    } finally {
      this.manager.snapshots.invalidate();
    }
  }

  private async invalidating(command: () => Promise<EngineStatus>): Promise<EngineStatus> {
    try {
      return await command();
    } finally {
      this.manager.snapshots.invalidate();
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
