import { ManualClock } from '@flotilla/core';
import { startVenueSim, VenueSim } from '@flotilla/venue-sim';
import request from 'supertest';
import { Frame, opIs, RawStream, topicIs } from '../support/venue-sim-clients';

type BookData = { u: number };

describe('venue-sim fault injection', () => {
  let clock: ManualClock;
  let sim: VenueSim;
  const streams: RawStream[] = [];

  beforeEach(async () => {
    clock = new ManualClock();
    sim = await startVenueSim({ rateHz: 0, seed: 42, clock });
  });

  afterEach(async () => {
    await Promise.all(streams.splice(0).map((s) => s.close()));
    await sim.close();
  });

  async function open(...topics: string[]): Promise<RawStream> {
    const stream = await RawStream.open(sim.wsPublicUrl);
    streams.push(stream);
    if (topics.length > 0) {
      stream.send({ op: 'subscribe', args: topics });
      await stream.next(opIs('subscribe'));
    }
    return stream;
  }

  /** A pong proves every frame sent before it has arrived. */
  async function barrier(stream: RawStream): Promise<void> {
    stream.send({ op: 'ping' });
    await stream.next(opIs('ping'));
  }

  const fault = (body: unknown) =>
    request(sim.restUrl)
      .post('/__admin/faults')
      .send(body as object);

  it('drop closes every public socket', async () => {
    const a = await open('orderbook.1.BTCUSDT');
    const b = await open();
    const res = await fault({ type: 'drop' }).expect(200);
    expect(res.body).toMatchObject({ ok: true, affectedConnections: 2 });
    await a.closedSignal();
    await b.closedSignal();
  });

  it('refuse rejects new upgrades until the duration passes on the clock', async () => {
    await fault({ type: 'refuse', durationMs: 1000 }).expect(200);
    const listed = await request(sim.restUrl).get('/__admin/faults').expect(200);
    expect(listed.body).toMatchObject({ faults: [{ type: 'refuse', symbol: null }] });
    await expect(RawStream.open(sim.wsPublicUrl)).rejects.toThrow(/503/);
    clock.advance(1000);
    const stream = await open();
    await barrier(stream);
  });

  it('stall silences one symbol while another continues, then resumes with a snapshot', async () => {
    const stream = await open('orderbook.1.BTCUSDT', 'orderbook.1.ETHUSDT');
    await stream.next(topicIs('orderbook.1.BTCUSDT'));
    await stream.next(topicIs('orderbook.1.ETHUSDT'));
    await fault({ type: 'stall', symbol: 'BTCUSDT', durationMs: 500 }).expect(200);
    for (let i = 0; i < 3; i++) sim.tick();
    await barrier(stream);
    expect(stream.frames.filter(topicIs('orderbook.1.BTCUSDT'))).toHaveLength(0);
    expect(stream.frames.filter(topicIs('orderbook.1.ETHUSDT'))).toHaveLength(3);
    expect(stream.closed).toBe(false);
    clock.advance(500);
    const resumed = (await stream.next(topicIs('orderbook.1.BTCUSDT'))) as Frame;
    expect(resumed.type).toBe('snapshot');
    expect((resumed.data as BookData).u).toBe(sim.book('BTCUSDT', 1).u);
  });

  it('garbage sends malformed frames to subscribers, as a burst or for a duration', async () => {
    const stream = await open('orderbook.1.BTCUSDT');
    await stream.next(topicIs('orderbook.1.BTCUSDT'));
    await fault({ type: 'garbage', symbol: 'BTCUSDT' }).expect(200);
    expect(await stream.next((f) => typeof f === 'string')).toMatch(/not json/);
    expect(
      await stream.next((f) => typeof f === 'object' && !('topic' in f) && !('op' in f)),
    ).toMatchObject({
      type: 'delta',
    });
    await fault({ type: 'garbage', durationMs: 200 }).expect(200);
    sim.tick();
    await stream.next(topicIs('orderbook.1.BTCUSDT'));
    await stream.next((f) => typeof f === 'string' || !('topic' in f));
    clock.advance(200);
    sim.tick();
    await barrier(stream);
    expect(stream.frames.filter((f) => typeof f === 'string' || !('topic' in f))).toHaveLength(0);
  });

  it('gap skips one delta sequence number for the symbol', async () => {
    const stream = await open('orderbook.50.XRPUSDT');
    const snapshot = (await stream.next(topicIs('orderbook.50.XRPUSDT'))) as Frame;
    const startU = (snapshot.data as BookData).u;
    await fault({ type: 'gap', symbol: 'XRPUSDT' }).expect(200);
    sim.tick();
    sim.tick();
    const first = (await stream.next(topicIs('orderbook.50.XRPUSDT'))) as Frame;
    const second = (await stream.next(topicIs('orderbook.50.XRPUSDT'))) as Frame;
    expect((first.data as BookData).u).toBe(startU + 2);
    expect((second.data as BookData).u).toBe(startU + 3);
  });

  it.each([
    [{ type: 'meltdown' }, 'type'],
    [{ type: 'stall', symbol: 'NOPEUSDT' }, 'symbol'],
    [{ type: 'stall', durationMs: -5 }, 'durationMs'],
    [{ type: 'drop', colour: 'red' }, 'colour'],
  ])('rejects %j with 400 naming %s', async (body, field) => {
    const res = await fault(body).expect(400);
    expect(res.body).toMatchObject({ ok: false, field });
    expect(sim.activeFaults()).toHaveLength(0);
  });

  it('rejects a body that is not JSON', async () => {
    const res = await request(sim.restUrl)
      .post('/__admin/faults')
      .set('content-type', 'application/json')
      .send('{nope')
      .expect(400);
    expect(res.body).toMatchObject({ ok: false, field: 'body' });
  });
});
