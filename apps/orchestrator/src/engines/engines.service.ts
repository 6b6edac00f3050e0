import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@flotilla/core';
import type { EngineState, MarketDataPort } from '@flotilla/engine';
import { EngineOverridesService } from '../runtime/engine-overrides.service';
import { OPERATOR, OperatorAudit } from '../trading/operator-audit';
import { ENGINE_MANAGER, MARKET_DATA } from '../runtime/tokens';
import type { EngineManager, EngineStatus, FleetSnapshot } from '../supervisor';
import type { EngineFaultDto } from './dto/fault.dto';
import { fleetEtagOf } from './fleet-etag';

/** GET /engines/status as bytes ready to send, with the entity tag of the JSON they carry. */
export interface FleetBody {
  readonly body: Buffer;
  readonly etag: string;
  /** Set when body is gzip-compressed. */
  readonly encoding?: 'gzip';
}

interface CachedBody {
  readonly body: Buffer;
  readonly etag: string;
  gzipped: Promise<Buffer> | null;
}

const gzipAsync = promisify(gzip);

const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']}');

/**
 * The body of a fleet status from the snapshot's per-engine JSON: the same bytes as
 * JSON.stringify(fleet), joined rather than serialised in one go. The totals stay fleet-wide;
 * only the engine list follows the filter.
 */
function fleetBodyOf(snapshot: FleetSnapshot, filter: EngineState | undefined): CachedBody {
  const { fleet, json, tags } = snapshot;
  const { total, running, crashed, stopped, failed } = fleet;
  const totals = JSON.stringify({ total, running, crashed, stopped, failed });
  const chunks: Buffer[] = [Buffer.from(`${totals.slice(0, -1)},"engines":[`)];
  const picked: string[] = [];
  for (let i = 0; i < json.length; i++) {
    if (filter !== undefined && fleet.engines[i].status !== filter) continue;
    if (picked.length > 0) chunks.push(COMMA);
    chunks.push(json[i]);
    picked.push(tags[i]);
  }
  chunks.push(CLOSE);
  return { body: Buffer.concat(chunks), etag: fleetEtagOf(fleet, picked), gzipped: null };
}

/** The operator's commands on the fleet; the controller stays thin and this delegates to EngineManager. */
@Injectable()
export class EnginesService {
  /** Bodies made from a snapshot, one per status filter ('' for none); they go with their snapshot. */
  private readonly bodies = new WeakMap<FleetSnapshot, Map<string, CachedBody>>();

  constructor(
    @Inject(ENGINE_MANAGER) private readonly manager: EngineManager,
    @Inject(MARKET_DATA) private readonly marketData: MarketDataPort,
    private readonly overrides: EngineOverridesService,
    private readonly audit: OperatorAudit,
  ) {}

  /**
   * The fleet status as encoded JSON from the fleet's shared snapshot (FleetSnapshots.recent: states current, ages up to 1 s): with
   * 1,000 engines the body is ~450 KB and dashboards poll it many times a second, so building,
   * encoding and hashing it per request would cost the engines their CPU.
   */
  async fleetBody(filter?: EngineState): Promise<FleetBody> {
    const { body, etag } = await this.cachedBody(filter);
    return { body, etag };
  }

  /**
   * The same body gzip-compressed (fastest level, off the event loop in libuv's pool), made at most
   * once per snapshot: ~450 KB of JSON at 1,000 engines shrinks about tenfold, which is what a
   * dashboard polling many times a second costs the process and its network.
   */
  async fleetBodyGzip(filter?: EngineState): Promise<FleetBody> {
    const cached = await this.cachedBody(filter);
    cached.gzipped ??= gzipAsync(cached.body, { level: constants.Z_BEST_SPEED });
    return { body: await cached.gzipped, etag: cached.etag, encoding: 'gzip' };
  }

  private async cachedBody(filter?: EngineState): Promise<CachedBody> {
    const snapshot = await this.manager.snapshots.recent();
    let byFilter = this.bodies.get(snapshot);
    if (byFilter === undefined) {
      byFilter = new Map();
      this.bodies.set(snapshot, byFilter);
    }
    const key = filter ?? '';
    let cached = byFilter.get(key);
    if (cached === undefined) {
      cached = fleetBodyOf(snapshot, filter);
      byFilter.set(key, cached);
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
