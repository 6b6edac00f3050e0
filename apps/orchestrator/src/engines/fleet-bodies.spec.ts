import { gunzipSync, gzipSync } from 'node:zlib';
import { engineStatus } from '../supervisor/testing/engine-status.fixture';
import { operatorTag, type EngineStatus, type FleetSnapshot } from '../supervisor';
import { fastestGzip, FleetBodies, SYNC_GZIP_MAX_BYTES, type Compress } from './fleet-bodies';

function snapshotOf(startedAtMono: number, engines: EngineStatus[]): FleetSnapshot {
  const running = engines.filter((e) => e.status === 'running').length;
  return {
    fleet: { total: engines.length, running, crashed: 0, stopped: 0, failed: 0, engines },
    json: engines.map((e) => Buffer.from(JSON.stringify(e))),
    tags: engines.map(operatorTag),
    startedAtMono,
    generation: 0,
  };
}

/** A compressor whose gzips finish when the test says (each call waits for release()). */
function heldGzip() {
  const waiting: Array<() => void> = [];
  const compress: Compress = (body) =>
    new Promise((resolve) => waiting.push(() => resolve(gzipSync(body))));
  const release = async (): Promise<void> => {
    waiting.shift()?.();
    await new Promise((r) => setImmediate(r));
  };
  return { compress, release, pending: () => waiting.length };
}

const json = (body: Buffer): { engines: EngineStatus[] } =>
  JSON.parse(gunzipSync(body).toString('utf8')) as { engines: EngineStatus[] };

describe('FleetBodies (GET /engines/status bodies per snapshot)', () => {
  let now = 0;
  const ages = { ageOf: (s: FleetSnapshot) => now - s.startedAtMono, staleAfterMs: 1000 };
  const engine = (over: Partial<EngineStatus> = {}) => engineStatus('BTCUSDT', over);

  it('compresses a snapshot once, however many requests read it', async () => {
    const gzip = heldGzip();
    const bodies = new FleetBodies(ages, gzip.compress);
    const s = snapshotOf(0, [engine()]);
    const reads = [bodies.gzip(s), bodies.gzip(s)];
    expect(gzip.pending()).toBe(1);
    await gzip.release();
    const [a, b] = await Promise.all(reads);
    expect(a.body).toBe(b.body);
    expect(json(a.body).engines[0].symbol).toBe('BTCUSDT');
    expect(a.etag).toBe(bodies.plain(s).etag);
  });

  it("while a snapshot rebuilt for age compresses, serves the previous one's gzip of the same ETag", async () => {
    const gzip = heldGzip();
    const bodies = new FleetBodies(ages, gzip.compress);
    const first = snapshotOf(0, [engine({ eventsProcessed: 1 })]);
    const read = bodies.gzip(first);
    await gzip.release();
    const old = await read;
    now = 600;
    const aged = snapshotOf(500, [engine({ eventsProcessed: 2 })]);
    const served = await bodies.gzip(aged); // returns without its gzip
    expect(served.body).toBe(old.body);
    expect(gzip.pending()).toBe(1);
    await gzip.release();
    const fresh = await bodies.gzip(aged);
    expect(json(fresh.body).engines[0].eventsProcessed).toBe(2);
  });

  it('waits for the new gzip when the ETag changed (a state moved) or the old one is too old', async () => {
    const gzip = heldGzip();
    const bodies = new FleetBodies(ages, gzip.compress);
    const first = snapshotOf(0, [engine()]);
    const read = bodies.gzip(first);
    await gzip.release();
    await read;
    now = 100;
    const crashed = snapshotOf(0, [engine({ status: 'crashed' })]); // a patch: same build time
    let done = false;
    const waiting = bodies.gzip(crashed).then((b) => {
      done = true;
      return b;
    });
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    await gzip.release();
    expect(json((await waiting).body).engines[0].status).toBe('crashed');

    now = 1_200; // the crashed snapshot is now 1.2 s old: older than staleAfterMs
    const later = snapshotOf(1_100, [engine({ status: 'crashed', eventsProcessed: 9 })]);
    done = false;
    const next = bodies.gzip(later).then(() => (done = true));
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    await gzip.release();
    await next;
  });

  it('a failed gzip fails its readers and the next request compresses again', async () => {
    let calls = 0;
    const failing: Compress = (body) =>
      ++calls === 1 ? Promise.reject(new Error('zlib')) : Promise.resolve(gzipSync(body));
    const bodies = new FleetBodies(ages, failing);
    const s = snapshotOf(now, [engine()]);
    await expect(bodies.gzip(s)).rejects.toThrow('zlib');
    expect(json((await bodies.gzip(s)).body).engines).toHaveLength(1);
    expect(calls).toBe(2);
  });
});

describe('fastestGzip', () => {
  it('compresses a body up to SYNC_GZIP_MAX_BYTES in the asking turn, a larger one in the pool', async () => {
    const small = Buffer.from('{"engines":[]}'.repeat(1000));
    const large = Buffer.alloc(SYNC_GZIP_MAX_BYTES + 1, 'a');
    let smallDone = false;
    let largeDone = false;
    const s = fastestGzip(small).then((b) => ((smallDone = true), b));
    const l = fastestGzip(large).then((b) => ((largeDone = true), b));
    await Promise.resolve();
    await Promise.resolve();
    expect([smallDone, largeDone]).toEqual([true, false]); // microtasks ran, the pool's result not yet
    expect(gunzipSync(await s).equals(small)).toBe(true);
    expect(gunzipSync(await l).equals(large)).toBe(true);
  });
});
