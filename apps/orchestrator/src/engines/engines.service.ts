import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@flotilla/core';
import type { MarketDataPort } from '@flotilla/engine';
import { EngineOverridesService } from '../runtime/engine-overrides.service';
import { ENGINE_MANAGER, MARKET_DATA } from '../runtime/tokens';
import type { EngineManager, EngineStatus } from '../supervisor';
import type { EngineFaultDto } from './dto/fault.dto';

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

/** The operator's commands on the fleet; the controller stays thin and this delegates to EngineManager. */
@Injectable()
export class EnginesService {
  private fleetCache: CachedFleet | null = null;

  constructor(
    @Inject(ENGINE_MANAGER) private readonly manager: EngineManager,
    @Inject(MARKET_DATA) private readonly marketData: MarketDataPort,
    private readonly overrides: EngineOverridesService,
  ) {}

  /**
   * The fleet status as encoded JSON, rebuilt at most every FLEET_STATUS_TTL_MS: with 1,000 engines
   * the body is ~450 KB and dashboards poll it many times a second, so serialising, encoding and
   * hashing it per request would cost the engines their CPU. Commands invalidate it at once.
   */
  fleetBody(): FleetBody {
    return this.currentFleet();
  }

  /**
   * The same body gzip-compressed (fastest level, off the event loop in libuv's pool), made at most
   * once per rebuild: ~450 KB of JSON at 1,000 engines shrinks about tenfold, which is what a
   * dashboard polling many times a second costs the process and its network.
   */
  async fleetBodyGzip(): Promise<FleetBody> {
    const cached = this.currentFleet();
    cached.gzipped ??= gzipAsync(cached.body, { level: constants.Z_BEST_SPEED });
    return { body: await cached.gzipped, etag: cached.etag, encoding: 'gzip' };
  }

  private currentFleet(): CachedFleet {
    const now = performance.now();
    if (this.fleetCache === null || now - this.fleetCache.builtAt >= FLEET_STATUS_TTL_MS) {
      const body = Buffer.from(JSON.stringify(this.manager.fleetStatus()), 'utf8');
      const digest = createHash('sha1').update(body).digest('base64url');
      this.fleetCache = { builtAt: now, body, etag: `W/"${digest}"`, gzipped: null };
    }
    return this.fleetCache;
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
