import { ManualClock } from '@flotilla/core';
import { startVenueSim, VenueSim } from '@flotilla/venue-sim';
import request from 'supertest';
import { Frame, opIs, RawStream, topicIs } from '../support/venue-sim-clients';

type BookData = { u: number };
type BookDelta = { b: Array<[string, string]>; a: Array<[string, string]> };

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

  it('a garbage burst for a symbol sends topicless junk, then wrong-shape and cut frames naming its topics', async () => {
    const stream = await open('orderbook.1.BTCUSDT', 'orderbook.1.ETHUSDT');
    await stream.next(topicIs('orderbook.1.BTCUSDT'));
    await stream.next(topicIs('orderbook.1.ETHUSDT'));
    const res = await fault({ type: 'garbage', symbol: 'BTCUSDT' }).expect(200);
    expect(res.body).toMatchObject({ affectedConnections: 1 });
    await barrier(stream);
    const [notJson, topicless, wrongShape, cut] = stream.frames;
    expect(notJson).toMatch(/not json/);
    expect(topicless).toMatchObject({ type: 'delta', data: { junk: true } });
    expect(topicless).not.toHaveProperty('topic');
    expect(wrongShape).toMatchObject({
      topic: 'orderbook.1.BTCUSDT',
      type: 'delta',
      data: { b: 'not levels', u: 'next' },
    });
    expect(typeof cut).toBe('string');
    expect(cut).toMatch(/^\{"topic":"orderbook\.1\.BTCUSDT"/);
    expect(stream.frames).toHaveLength(4);
  });

  it('timed garbage follows each update of the symbol until the duration passes on the clock', async () => {
    const stream = await open('orderbook.1.BTCUSDT', 'orderbook.1.ETHUSDT');
    await stream.next(topicIs('orderbook.1.BTCUSDT'));
    await stream.next(topicIs('orderbook.1.ETHUSDT'));
    await fault({ type: 'garbage', symbol: 'BTCUSDT', durationMs: 200 }).expect(200);
    for (let i = 0; i < 4; i++) sim.tick();
    await barrier(stream);
    const isJunk = (f: Frame | string): boolean =>
      typeof f === 'string' || !('topic' in f) || typeof (f.data as BookData).u !== 'number';
    const junk = stream.frames.filter(isJunk);
    expect(junk).toHaveLength(4);
    expect(junk.filter((f) => typeof f === 'string')).toHaveLength(2);
    expect(
      junk.filter((f) => typeof f === 'string' && f.startsWith('{"topic":"orderbook.1.BTCUSDT"')),
    ).toHaveLength(1);
    expect(
      junk.filter((f) => typeof f === 'object' && f.topic === 'orderbook.1.BTCUSDT'),
    ).toHaveLength(1);
    expect(stream.frames.filter(topicIs('orderbook.1.ETHUSDT'))).toHaveLength(4);
    stream.frames.length = 0;
    clock.advance(200);
    sim.tick();
    await barrier(stream);
    expect(stream.frames.filter(isJunk)).toHaveLength(0);
    expect(stream.frames).toHaveLength(2);
  });

  it('sends a deleted level as "0", as Bybit does, and live sizes on the lot grid', async () => {
    const stream = await open('orderbook.50.BTCUSDT');
    await stream.next(topicIs('orderbook.50.BTCUSDT'));
    for (let i = 0; i < 40; i++) sim.tick();
    await barrier(stream);
    const levels = stream.frames
      .filter(topicIs('orderbook.50.BTCUSDT'))
      .flatMap((f) => [
        ...((f as Frame).data as BookDelta).b,
        ...((f as Frame).data as BookDelta).a,
      ]);
    const deleted = levels.filter(([, size]) => Number(size) === 0);
    expect(deleted.length).toBeGreaterThan(0);
    expect(new Set(deleted.map(([, size]) => size))).toEqual(new Set(['0']));
    const live = levels.filter(([, size]) => Number(size) !== 0);
    expect(live.length).toBeGreaterThan(0);
    expect(live.every(([, size]) => /^\d+\.\d{3}$/.test(size))).toBe(true);
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
