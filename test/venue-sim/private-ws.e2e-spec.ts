import { createHmac } from 'node:crypto';
import { ManualClock } from '@flotilla/core';
import {
  DEFAULT_ACCOUNT_KEY,
  DEFAULT_ACCOUNT_SECRET,
  signRealtime,
  startVenueSim,
  VenueSim,
} from '@flotilla/venue-sim';
import request from 'supertest';
import WebSocket from 'ws';
import { Frame, RawStream } from '../support/venue-sim-clients';

type Push = {
  id: string;
  topic: string;
  creationTime: number;
  data: Array<Record<string, unknown>>;
};

const isReply = (reqId: string) => (f: Frame | string) =>
  typeof f === 'object' && f.req_id === reqId;
const isPush = (topic: string) => (f: Frame | string) => typeof f === 'object' && f.topic === topic;

async function login(sim: VenueSim, topics: string[], query = ''): Promise<RawStream> {
  const stream = await RawStream.open(sim.wsPrivateUrl + query);
  const expires = String(Date.now() + 10_000);
  const sig = signRealtime(DEFAULT_ACCOUNT_SECRET, expires);
  stream.send({ req_id: 'auth-1', op: 'auth', args: [DEFAULT_ACCOUNT_KEY, expires, sig] });
  expect(await stream.next(isReply('auth-1'))).toMatchObject({ success: true, op: 'auth' });
  stream.send({ req_id: 'sub-1', op: 'subscribe', args: topics });
  expect(await stream.next(isReply('sub-1'))).toMatchObject({ success: true, op: 'subscribe' });
  return stream;
}

/** 'open', or the error a refused upgrade gives (`Unexpected server response: 503`). */
async function upgradeOutcome(url: string): Promise<string> {
  const ws = new WebSocket(url);
  const outcome = await new Promise<string>((resolve) => {
    ws.once('error', (error) => resolve(error.message));
    ws.once('open', () => resolve('open'));
  });
  if (outcome === 'open') ws.terminate();
  return outcome;
}

let linkSeq = 0;
const marketBuy = (qty: string): Record<string, unknown> => ({
  category: 'linear',
  symbol: 'BTCUSDT',
  side: 'Buy',
  orderType: 'Market',
  qty,
  orderLinkId: `e2e-${++linkSeq}`,
});

describe('venue-sim private stream /v5/private (raw ws over real sockets)', () => {
  let sim: VenueSim;
  const streams: RawStream[] = [];

  beforeEach(async () => {
    sim = await startVenueSim({ rateHz: 0, seed: 11 });
  });

  afterEach(async () => {
    for (const s of streams.splice(0)) await s.close();
    await sim.close();
  });

  it('authenticates, subscribes and receives execution, order, position and wallet for an order', async () => {
    const stream = await login(sim, ['order', 'execution', 'position', 'wallet']);
    streams.push(stream);
    const body = marketBuy('0.010');
    const ack = sim.exchange.placeOrder(DEFAULT_ACCOUNT_KEY, body);
    const execution = (await stream.next(isPush('execution'))) as Push;
    const order = (await stream.next(isPush('order'))) as Push;
    const position = (await stream.next(isPush('position'))) as Push;
    const wallet = (await stream.next(isPush('wallet'))) as Push;
    for (const push of [execution, order, position, wallet]) {
      expect(Object.keys(push)).toEqual(['id', 'topic', 'creationTime', 'data']);
      expect(push.creationTime).toBeGreaterThan(0);
    }
    const fills = execution.data;
    expect(fills.length).toBeGreaterThan(0);
    expect(fills[0]).toMatchObject({
      category: 'linear',
      symbol: 'BTCUSDT',
      orderId: ack.orderId,
      orderLinkId: body.orderLinkId,
      side: 'Buy',
      execType: 'Trade',
      isMaker: false,
      feeRate: '0.00055',
    });
    const filled = fills.reduce((sum, f) => sum + Number(f.execQty), 0);
    expect(filled).toBeCloseTo(0.01, 9);
    expect(order.data[0]).toMatchObject({
      orderId: ack.orderId,
      orderStatus: 'Filled',
      category: 'linear',
      tpslMode: expect.any(String) as unknown,
    });
    expect(position.data[0]).toMatchObject({ symbol: 'BTCUSDT', side: 'Buy', size: '0.01' });
    expect(position.data[0]).toHaveProperty('entryPrice');
    expect(position.data[0]).not.toHaveProperty('avgPrice');
    expect(wallet.data[0]).toMatchObject({ accountType: 'UNIFIED' });
  });

  it('feeds an order placed over signed REST to the .linear topic only', async () => {
    const stream = await login(sim, ['order.linear', 'execution.linear']);
    streams.push(stream);
    const raw = JSON.stringify(marketBuy('0.002'));
    const timestamp = String(Date.now());
    const sign = createHmac('sha256', DEFAULT_ACCOUNT_SECRET)
      .update(timestamp + DEFAULT_ACCOUNT_KEY + '5000' + raw)
      .digest('hex');
    const res = await request(sim.restUrl)
      .post('/v5/order/create')
      .set('Content-Type', 'application/json')
      .set('X-BAPI-API-KEY', DEFAULT_ACCOUNT_KEY)
      .set('X-BAPI-TIMESTAMP', timestamp)
      .set('X-BAPI-RECV-WINDOW', '5000')
      .set('X-BAPI-SIGN', sign)
      .send(raw)
      .expect(200);
    expect(res.body).toMatchObject({ retCode: 0 });
    const order = (await stream.next(isPush('order.linear'))) as Push;
    expect(order.data[0]).toMatchObject({ orderStatus: 'Filled' });
    expect(await stream.next(isPush('execution.linear'))).toBeDefined();
    expect(stream.frames.filter((f) => typeof f === 'object' && f.topic === 'order')).toEqual([]);
  });

  it('answers a bad signature with Params Error, keeps the socket, and refuses subscribe until auth', async () => {
    const stream = await RawStream.open(sim.wsPrivateUrl);
    streams.push(stream);
    const expires = String(Date.now() + 10_000);
    stream.send({
      req_id: 'a',
      op: 'auth',
      args: [DEFAULT_ACCOUNT_KEY, expires, signRealtime('nope', expires)],
    });
    expect(await stream.next(isReply('a'))).toMatchObject({
      success: false,
      ret_msg: 'Params Error',
      op: 'auth',
    });
    stream.send({ req_id: 'b', op: 'subscribe', args: ['order'] });
    expect(await stream.next(isReply('b'))).toMatchObject({
      success: false,
      ret_msg: 'Request not authorized',
    });
    stream.send({ req_id: 'c', op: 'ping' });
    const pong = (await stream.next(isReply('c'))) as Frame;
    expect(pong).toMatchObject({ op: 'pong' });
    expect(Number((pong.args as string[])[0])).toBeGreaterThan(0);
    sim.exchange.placeOrder(DEFAULT_ACCOUNT_KEY, marketBuy('0.001'));
    stream.send({ req_id: 'd', op: 'ping' });
    await stream.next(isReply('d'));
    expect(stream.frames).toEqual([]);
  });

  it('the private-drop fault closes every private socket and leaves the public ones', async () => {
    const a = await login(sim, ['order']);
    const b = await RawStream.open(sim.wsPrivateUrl);
    const pub = await RawStream.open(sim.wsPublicUrl);
    streams.push(a, b, pub);
    const res = await request(sim.restUrl)
      .post('/__admin/faults')
      .send({ type: 'private-drop' })
      .expect(200);
    expect(res.body).toMatchObject({ ok: true, affectedConnections: 2 });
    await a.closedSignal();
    await b.closedSignal();
    expect(pub.closed).toBe(false);
    expect(sim.privateStreamStats()).toMatchObject({ connections: 0, faultDrops: 2 });
  });

  it('the refuse fault refuses private upgrades too', async () => {
    await request(sim.restUrl)
      .post('/__admin/faults')
      .send({ type: 'refuse', durationMs: 60_000 })
      .expect(200);
    expect(await upgradeOutcome(sim.wsPrivateUrl)).toBe('Unexpected server response: 503');
  });

  it('refuses an upgrade whose max_active_time is out of Bybit’s 30s..600s range', async () => {
    const outcome = await upgradeOutcome(`${sim.wsPrivateUrl}?max_active_time=5s`);
    expect(outcome).toBe('Unexpected server response: 400');
    const ok = await login(sim, ['wallet'], '?max_active_time=1m');
    streams.push(ok);
  });
});

describe('venue-sim private stream idle cut-off (real sockets, injected clock)', () => {
  it('closes a socket silent for its max_active_time; one that pings stays', async () => {
    const clock = new ManualClock(Date.now());
    const sim = await startVenueSim({ rateHz: 0, seed: 11, clock });
    const silent = await RawStream.open(`${sim.wsPrivateUrl}?max_active_time=30s`);
    const pinging = await RawStream.open(`${sim.wsPrivateUrl}?max_active_time=30s`);
    try {
      for (let i = 0; i < 4; i++) {
        pinging.send({ req_id: `p${i}`, op: 'ping' });
        await pinging.next(isReply(`p${i}`));
        clock.advance(15_000);
      }
      await silent.closedSignal();
      expect(pinging.closed).toBe(false);
      expect(sim.privateStreamStats()).toMatchObject({ connections: 1, idleDrops: 1 });
    } finally {
      await pinging.close();
      await sim.close();
    }
  });
});
