import { startVenueSim, VenueSim } from '@flotilla/venue-sim';
import { Frame, opIs, RawStream, topicIs } from '../support/venue-sim-clients';

type BookData = { s: string; b: string[][]; a: string[][]; u: number; seq: number };

describe('venue-sim public WebSocket protocol', () => {
  let sim: VenueSim;
  let stream: RawStream;

  beforeEach(async () => {
    sim = await startVenueSim({ rateHz: 0, seed: 42 });
    stream = await RawStream.open(sim.wsPublicUrl);
  });

  afterEach(async () => {
    await stream.close();
    await sim.close();
  });

  it('acks a subscribe, then sends a snapshot and deltas with increasing u and seq', async () => {
    stream.send({ op: 'subscribe', args: ['orderbook.50.BTCUSDT'], req_id: 'a1' });
    const ack = (await stream.next(opIs('subscribe'))) as Frame;
    expect(ack).toMatchObject({ success: true, ret_msg: '', req_id: 'a1', op: 'subscribe' });
    expect(typeof ack.conn_id).toBe('string');
    const snapshot = (await stream.next(topicIs('orderbook.50.BTCUSDT'))) as Frame;
    expect(snapshot.type).toBe('snapshot');
    let last = snapshot.data as BookData;
    expect(last.b).toHaveLength(50);
    expect(last.a).toHaveLength(50);
    for (let i = 0; i < 5; i++) sim.tick();
    for (let i = 0; i < 5; i++) {
      const delta = (await stream.next(topicIs('orderbook.50.BTCUSDT'))) as Frame;
      const data = delta.data as BookData;
      expect(delta).toMatchObject({ type: 'delta' });
      expect(typeof delta.ts).toBe('number');
      expect(typeof delta.cts).toBe('number');
      expect(data.s).toBe('BTCUSDT');
      expect(data.u).toBe(last.u + 1);
      expect(data.seq).toBeGreaterThan(last.seq);
      expect(data.b.length + data.a.length).toBeGreaterThan(0);
      last = data;
    }
  });

  it('serves depth 1, publicTrade and tickers topics', async () => {
    stream.send({
      op: 'subscribe',
      args: ['orderbook.1.ETHUSDT', 'publicTrade.ETHUSDT', 'tickers.ETHUSDT'],
    });
    await stream.next(opIs('subscribe'));
    const top = (await stream.next(topicIs('orderbook.1.ETHUSDT'))) as Frame;
    expect((top.data as BookData).b).toHaveLength(1);
    const ticker = (await stream.next(topicIs('tickers.ETHUSDT'))) as Frame;
    expect(ticker).toMatchObject({ type: 'snapshot', data: { symbol: 'ETHUSDT' } });
    for (let i = 0; i < 20; i++) sim.tick();
    const trade = (await stream.next(topicIs('publicTrade.ETHUSDT'))) as Frame;
    const [first] = trade.data as Array<Record<string, unknown>>;
    expect(first).toMatchObject({ s: 'ETHUSDT', BT: false });
    expect(['Buy', 'Sell']).toContain(first.S);
    expect(first.p).toMatch(/^\d+\.\d{2}$/);
    const tickerDelta = (await stream.next(topicIs('tickers.ETHUSDT'))) as Frame;
    expect(tickerDelta).toMatchObject({ type: 'delta', data: { symbol: 'ETHUSDT' } });
  });

  it('fails an unknown topic without disconnecting', async () => {
    stream.send({ op: 'subscribe', args: ['kline.1.BTCUSDT'], req_id: 'x' });
    const ack = (await stream.next(opIs('subscribe'))) as Frame;
    expect(ack).toMatchObject({ success: false, req_id: 'x' });
    expect(ack.ret_msg).toContain('kline.1.BTCUSDT');
    stream.send({ op: 'ping', req_id: 'p' });
    expect(await stream.next(opIs('ping'))).toMatchObject({ success: true, ret_msg: 'pong' });
  });

  it('refuses more than 10 args in one subscribe', async () => {
    const symbols = sim.symbols();
    const args = [...symbols.map((s) => `tickers.${s}`), ...symbols.map((s) => `publicTrade.${s}`)];
    expect(args.length).toBeGreaterThan(10);
    stream.send({ op: 'subscribe', args, req_id: 'big' });
    const ack = (await stream.next(opIs('subscribe'))) as Frame;
    expect(ack).toMatchObject({ success: false, req_id: 'big' });
    expect(ack.ret_msg).toContain('args size >10');
  });

  it('answers ping with pong and malformed JSON with an error reply', async () => {
    stream.send({ op: 'ping', req_id: '100001' });
    expect(await stream.next(opIs('ping'))).toMatchObject({
      success: true,
      ret_msg: 'pong',
      req_id: '100001',
      op: 'ping',
    });
    stream.send('{"op": subscribe');
    const reply = (await stream.next()) as Frame;
    expect(reply).toMatchObject({ success: false, ret_msg: 'error:invalid json' });
    expect(stream.closed).toBe(false);
  });

  it('stops sending a topic after unsubscribe', async () => {
    stream.send({ op: 'subscribe', args: ['orderbook.1.SOLUSDT'] });
    await stream.next(topicIs('orderbook.1.SOLUSDT'));
    stream.send({ op: 'unsubscribe', args: ['orderbook.1.SOLUSDT'], req_id: 'u' });
    expect(await stream.next(opIs('unsubscribe'))).toMatchObject({ success: true, req_id: 'u' });
    sim.tick();
    stream.send({ op: 'ping' });
    await stream.next(opIs('ping'));
    expect(stream.frames.filter(topicIs('orderbook.1.SOLUSDT'))).toHaveLength(0);
  });

  it('rejects an upgrade on any other path', async () => {
    await expect(RawStream.open(sim.wsPublicUrl.replace('/linear', '/spot'))).rejects.toThrow(
      /404/,
    );
  });
});
