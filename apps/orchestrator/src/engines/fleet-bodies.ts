import { promisify } from 'node:util';
import { constants, gzip, gzipSync } from 'node:zlib';
import type { EngineState } from '@flotilla/engine';
import type { FleetSnapshot } from '../supervisor';
import { fleetEtagOf } from './fleet-etag';

/** GET /engines/status as bytes ready to send, with the entity tag of the JSON they carry. */
export interface FleetBody {
  readonly body: Buffer;
  readonly etag: string;
  /** Set when body is gzip-compressed. */
  readonly encoding?: 'gzip';
}

/** Compresses a body (default: fastestGzip). */
export type Compress = (body: Buffer) => Promise<Buffer>;

/** What FleetBodies needs of the snapshots: how old one is, and how old one may be served. */
export interface SnapshotAges {
  ageOf(snapshot: FleetSnapshot): number;
  readonly staleAfterMs: number;
}

interface CachedBody {
  readonly snapshot: FleetSnapshot;
  readonly body: Buffer;
  readonly etag: string;
  gzipping: Promise<Buffer> | null;
  gzipped: Buffer | null;
}

const gzipAsync = promisify(gzip);
const FASTEST = { level: constants.Z_BEST_SPEED };
/** Bodies up to this size are compressed in the turn that asks (~1,000 engines: ~450 KB, 1-2 ms). */
export const SYNC_GZIP_MAX_BYTES = 1 << 20;

/**
 * Gzip at its fastest level: in the asking turn up to SYNC_GZIP_MAX_BYTES, in libuv's pool above.
 * In the pool the result waits for the event loop's next poll, behind whatever that turn runs
 * (a market slice, up to the ingest budget): at 1,000 engines and 200 requests a second, 6-8 % of
 * the requests waited for a gzip, 5 ms at the median and up to 55 ms, and set the route's p99
 * (a new snapshot comes with every state change and every 500 ms). In the turn it costs the loop
 * 1-2 ms once per snapshot and no request waits.
 */
export const fastestGzip: Compress = (body) => {
  if (body.length > SYNC_GZIP_MAX_BYTES) return gzipAsync(body, FASTEST);
  try {
    return Promise.resolve(gzipSync(body, FASTEST));
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
};

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
  const body = Buffer.concat(chunks);
  return { snapshot, body, etag: fleetEtagOf(fleet, picked), gzipping: null, gzipped: null };
}

/**
 * GET /engines/status's bodies, made once per snapshot and status filter: with 1,000 engines the
 * body is ~450 KB and dashboards poll it many times a second, so building, encoding and hashing
 * it per request would cost the engines their CPU.
 *
 * A gzip that runs in libuv's pool (a body over SYNC_GZIP_MAX_BYTES) makes its requests wait
 * for the loop's next poll. A snapshot rebuilt for age differs from the one before only in ages
 * and counters (transitions patch both, commands invalidate), which its ETag leaves out: while
 * its gzip runs, a request gets the previous gzip of the same ETag, as long as that snapshot is
 * no older than the snapshots' own bound (staleAfterMs, what recent() would serve anyway).
 */
export class FleetBodies {
  /** Bodies made from a snapshot, one per status filter ('' for none); they go with their snapshot. */
  private readonly bodies = new WeakMap<FleetSnapshot, Map<string, CachedBody>>();
  /** The newest finished gzip per filter. */
  private readonly lastGzipped = new Map<string, CachedBody>();

  constructor(
    private readonly ages: SnapshotAges,
    private readonly compress: Compress = fastestGzip,
  ) {}

  plain(snapshot: FleetSnapshot, filter?: EngineState): FleetBody {
    const { body, etag } = this.cached(snapshot, filter);
    return { body, etag };
  }

  async gzip(snapshot: FleetSnapshot, filter?: EngineState): Promise<FleetBody> {
    const key = filter ?? '';
    const cached = this.cached(snapshot, filter);
    if (cached.gzipped !== null) return gzipped(cached, cached.gzipped);
    cached.gzipping ??= this.startGzip(key, cached);
    const previous = this.lastGzipped.get(key);
    if (
      previous !== undefined &&
      previous.gzipped !== null &&
      previous.etag === cached.etag &&
      this.ages.ageOf(previous.snapshot) <= this.ages.staleAfterMs
    )
      return gzipped(previous, previous.gzipped);
    return gzipped(cached, await cached.gzipping);
  }

  /** The gzip of a body; a failure is the awaiting requests' (500), and the next request tries again. */
  private startGzip(key: string, cached: CachedBody): Promise<Buffer> {
    const gzipping = this.compress(cached.body).then((body) => {
      cached.gzipped = body;
      const last = this.lastGzipped.get(key);
      if (last === undefined || last.snapshot.startedAtMono <= cached.snapshot.startedAtMono)
        this.lastGzipped.set(key, cached);
      return body;
    });
    // handled here too: a gzip nobody awaits (its requests got the previous one) must not go unhandled
    gzipping.catch(() => {
      cached.gzipping = null;
    });
    return gzipping;
  }

  private cached(snapshot: FleetSnapshot, filter: EngineState | undefined): CachedBody {
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
}

function gzipped(cached: CachedBody, body: Buffer): FleetBody {
  return { body, etag: cached.etag, encoding: 'gzip' };
}
