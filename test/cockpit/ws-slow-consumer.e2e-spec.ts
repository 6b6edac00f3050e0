import type { AddressInfo } from 'node:net';
import { startTestApp, waitFor, type TestApp } from '../support/app-harness';
import { CockpitWsGateway } from '../../apps/orchestrator/src/cockpit/ws/cockpit-ws.gateway';
import { COCKPIT_WS_OPTIONS } from '../../apps/orchestrator/src/cockpit/ws/ws-options';
import { startEngine } from '../trading/trading-support';
import { listenWs } from './ws-client';
import { NeverReadingPeer } from './raw-ws-peer';

const HARD_LIMIT_BYTES = 256 * 1024;
const MAX_QUEUED_FRAMES = 64;
const MB = 1024 * 1024;
/** Generous: the heap moves by a few MB with any traffic; a client the server kept buffering for would add far more. */
const MEMORY_BOUND_BYTES = 48 * MB;

const memory = () => {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
};
const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;

describe('WS /ws slow consumers: a client that never reads is dropped, the server keeps nothing for it', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await startTestApp({
      overrideProviders: [
        {
          provide: COCKPIT_WS_OPTIONS,
          useValue: {
            hardLimitBytes: HARD_LIMIT_BYTES,
            maxQueuedFrames: MAX_QUEUED_FRAMES,
            slowConsumerGraceMs: 500,
          },
        },
      ],
    });
    await listenWs(t);
    port = (t.http.address() as AddressInfo).port;
    for (const symbol of ['BTCUSDT', 'ETHUSDT', 'SOLUSDT']) await startEngine(t, symbol);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('a raw TCP peer that completes the handshake, never reads and keeps asking for snapshots is closed; memory stays bounded', async () => {
    const gateway = t.app.get(CockpitWsGateway);
    const before = memory();
    const peer = await NeverReadingPeer.open(port, t.token);
    await waitFor(() => gateway.sessionCount === 1, 2_000, 'the peer’s session');

    // Each round asks for a fleet snapshot and an engine snapshot (a few KB each, never droppable):
    // the kernel's buffers fill first, then the socket's, then the session's bounded queue.
    let rounds = 0;
    let maxQueuedBytes = 0;
    let maxBufferedBytes = 0;
    const startedAt = performance.now();
    while (gateway.sessionCount > 0 && performance.now() - startedAt < 30_000) {
      await peer.send({ op: 'subscribe', topics: ['fleet', 'engine:BTCUSDT'] });
      await peer.send({ op: 'unsubscribe', topics: ['fleet', 'engine:BTCUSDT'] });
      rounds++;
      if (rounds % 50 === 0) {
        maxQueuedBytes = Math.max(maxQueuedBytes, gateway.queuedBytes);
        maxBufferedBytes = Math.max(maxBufferedBytes, gateway.bufferedBytes);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    await waitFor(() => gateway.sessionCount === 0, 5_000, 'the slow session to be gone');
    const droppedAfterMs = Math.round(performance.now() - startedAt);
    const after = memory();
    peer.destroy();

    const figures = {
      rounds,
      droppedAfterMs,
      maxBufferedBytes,
      maxQueuedBytes,
      heapUsedMb: [mb(before.heapUsed), mb(after.heapUsed)],
      externalMb: [mb(before.external), mb(after.external)],
      arrayBuffersMb: [mb(before.arrayBuffers), mb(after.arrayBuffers)],
    };
    console.log(`/ws never-reading client: ${JSON.stringify(figures)}`);

    expect(gateway.sessionCount).toBe(0);
    expect(gateway.queuedBytes).toBe(0);
    expect(maxQueuedBytes).toBeLessThanOrEqual(HARD_LIMIT_BYTES);
    // It did push until the peer's socket held its limit (the kernel's buffers were full before that),
    // and never much beyond: one frame past the limit at most.
    expect(maxBufferedBytes).toBeGreaterThanOrEqual(HARD_LIMIT_BYTES);
    expect(maxBufferedBytes).toBeLessThan(HARD_LIMIT_BYTES + 64 * 1024);
    expect(after.heapUsed - before.heapUsed).toBeLessThan(MEMORY_BOUND_BYTES);
    expect(after.external - before.external).toBeLessThan(MEMORY_BOUND_BYTES);
  }, 60_000);
});
