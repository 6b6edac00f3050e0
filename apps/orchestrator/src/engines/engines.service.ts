import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type Clock } from '@flotilla/core';
import type { EngineState, MarketDataPort } from '@flotilla/engine';
import { EngineOverridesService } from '../runtime/engine-overrides.service';
import { OPERATOR, OperatorAudit } from '../trading/operator-audit';
import { CLOCK, ENGINE_MANAGER, MARKET_DATA } from '../runtime/tokens';
import type { EngineManager, EngineStatus, FleetStatus } from '../supervisor';
import type { EngineFaultDto } from './dto/fault.dto';
import { fleetEtag } from './fleet-etag';

/** How stale GET /engines/status may be; commands over HTTP invalidate it at once. */
export const FLEET_STATUS_TTL_MS = 100;

/** GET /engines/status as bytes ready to send, with the entity tag of the JSON they carry. */
export interface FleetBody {
  readonly body: Buffer;
  readonly etag: string;
  /** Set when body is gzip-compressed. */
  readonly encoding?: 'gzip';
}

interface CachedFleet extends FleetBody {
  readonly builtAt: number;
  gzipped: Promise<Buffer> | null;
}

const gzipAsync = promisify(gzip);

/** The totals stay fleet-wide; only the engine list follows the filter. */
function withStatus(fleet: FleetStatus, filter: EngineState | undefined): FleetStatus {
  return filter === undefined
    ? fleet
    : { ...fleet, engines: fleet.engines.filter((e) => e.status === filter) };
}

/** The operator's commands on the fleet; the controller stays thin and this delegates to EngineManager. */
@Injectable()
export class EnginesService {
  /** One entry per status filter ('' for none), so at most one per engine state plus one. */
  private readonly fleetCache = new Map<string, CachedFleet>();

  constructor(
    @Inject(ENGINE_MANAGER) private readonly manager: EngineManager,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MARKET_DATA) private readonly marketData: MarketDataPort,
    private readonly overrides: EngineOverridesService,
    private readonly audit: OperatorAudit,
  ) {}

  /**
   * The fleet status as encoded JSON, rebuilt at most every FLEET_STATUS_TTL_MS: with 1,000 engines
   * the body is ~450 KB and dashboards poll it many times a second, so serialising, encoding and
   * hashing it per request would cost the engines their CPU. Commands invalidate it at once.
   */
  fleetBody(filter?: EngineState): FleetBody {
    return this.currentFleet(filter);
  }

  /**
   * The same body gzip-compressed (fastest level, off the event loop in libuv's pool), made at most
   * once per rebuild: ~450 KB of JSON at 1,000 engines shrinks about tenfold, which is what a
   * dashboard polling many times a second costs the process and its network.
   */
  async fleetBodyGzip(filter?: EngineState): Promise<FleetBody> {
    const cached = this.currentFleet(filter);
    cached.gzipped ??= gzipAsync(cached.body, { level: constants.Z_BEST_SPEED });
    return { body: await cached.gzipped, etag: cached.etag, encoding: 'gzip' };
  }

  private currentFleet(filter?: EngineState): CachedFleet {
    const now = this.clock.monotonicMs();
    const key = filter ?? '';
    let cached = this.fleetCache.get(key);
    if (cached === undefined || now - cached.builtAt >= FLEET_STATUS_TTL_MS) {
      const fleet = withStatus(this.manager.fleetStatus(), filter);
      const body = Buffer.from(JSON.stringify(fleet), 'utf8');
      cached = { builtAt: now, body, etag: fleetEtag(fleet), gzipped: null };
      this.fleetCache.set(key, cached);
    }
    return cached;
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
      this.fleetCache.clear();
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
      this.fleetCache.clear();
    }
  }

  private async invalidating(command: () => Promise<EngineStatus>): Promise<EngineStatus> {
    try {
      return await command();
    } finally {
      this.fleetCache.clear();
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
