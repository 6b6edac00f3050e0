import { handleClientFrame, parseTopic, ProtocolContext } from './protocol';

function ctx(subscribed: string[] = []): ProtocolContext {
  return {
    connId: 'c-1',
    isKnownSymbol: (s) => s === 'BTCUSDT' || s === 'ETHUSDT',
    isSubscribed: (t) => subscribed.includes(t),
  };
}

const frame = (body: unknown): string => JSON.stringify(body);

describe('handleClientFrame', () => {
  it('acks a subscribe and returns its topics', () => {
    const result = handleClientFrame(
      frame({
        op: 'subscribe',
        args: ['orderbook.50.BTCUSDT', 'publicTrade.ETHUSDT'],
        req_id: '7',
      }),
      ctx(),
    );
    expect(result.reply).toEqual({
      success: true,
      ret_msg: '',
      conn_id: 'c-1',
      req_id: '7',
      op: 'subscribe',
    });
    expect(result.subscribe).toEqual(['orderbook.50.BTCUSDT', 'publicTrade.ETHUSDT']);
  });

  it('fails the whole request on an unknown topic, naming it', () => {
    const result = handleClientFrame(
      frame({ op: 'subscribe', args: ['tickers.BTCUSDT', 'orderbook.10.BTCUSDT'], req_id: 1 }),
      ctx(),
    );
    expect(result.reply).toMatchObject({ success: false, req_id: '1', op: 'subscribe' });
    expect(result.reply.ret_msg).toContain('orderbook.10.BTCUSDT');
    expect(result.subscribe).toEqual([]);
  });

  it('fails on an unknown symbol and on a repeated subscription', () => {
    const unknown = handleClientFrame(
      frame({ op: 'subscribe', args: ['tickers.NOPEUSDT'] }),
      ctx(),
    );
    expect(unknown.reply).toMatchObject({ success: false });
    expect(unknown.reply.ret_msg).toContain('tickers.NOPEUSDT');
    const again = handleClientFrame(
      frame({ op: 'subscribe', args: ['tickers.BTCUSDT'] }),
      ctx(['tickers.BTCUSDT']),
    );
    expect(again.reply).toMatchObject({ success: false });
    expect(again.reply.ret_msg).toContain('already subscribed');
  });

  it('refuses more than 10 args in one request', () => {
    const args = Array.from({ length: 11 }, (_, i) =>
      i % 2 ? 'tickers.BTCUSDT' : 'tickers.ETHUSDT',
    );
    const result = handleClientFrame(frame({ op: 'subscribe', args }), ctx());
    expect(result.reply).toMatchObject({ success: false, op: 'subscribe' });
    expect(result.reply.ret_msg).toContain('args size >10');
    expect(result.subscribe).toEqual([]);
  });

  it('answers ping with a linear-style pong', () => {
    const result = handleClientFrame(frame({ op: 'ping', req_id: '100' }), ctx());
    expect(result.reply).toEqual({
      success: true,
      ret_msg: 'pong',
      conn_id: 'c-1',
      req_id: '100',
      op: 'ping',
    });
  });

  it('unsubscribes only what is subscribed', () => {
    const ok = handleClientFrame(
      frame({ op: 'unsubscribe', args: ['tickers.BTCUSDT'] }),
      ctx(['tickers.BTCUSDT']),
    );
    expect(ok.unsubscribe).toEqual(['tickers.BTCUSDT']);
    const notSubscribed = handleClientFrame(
      frame({ op: 'unsubscribe', args: ['tickers.BTCUSDT'] }),
      ctx(),
    );
    expect(notSubscribed.reply).toMatchObject({ success: false });
  });

  it.each([
    ['not json', 'error:invalid json'],
    ['[1,2]', 'error:request must be a JSON object'],
    [frame({ op: 'dance' }), 'error:invalid op'],
    [frame({ op: 'subscribe', args: [] }), 'error:args must be a non-empty array of topic strings'],
    [
      frame({ op: 'subscribe', args: [5] }),
      'error:args must be a non-empty array of topic strings',
    ],
  ])('answers malformed input %s with an error reply', (text, message) => {
    const result = handleClientFrame(text, ctx());
    expect(result.reply).toMatchObject({ success: false, ret_msg: message });
    expect(result.subscribe).toEqual([]);
  });
});

describe('parseTopic', () => {
  it('knows the three public topics and their depths', () => {
    expect(parseTopic('orderbook.200.BTCUSDT')).toEqual({
      kind: 'orderbook',
      depth: 200,
      symbol: 'BTCUSDT',
    });
    expect(parseTopic('publicTrade.BTCUSDT')).toEqual({ kind: 'publicTrade', symbol: 'BTCUSDT' });
    expect(parseTopic('tickers.BTCUSDT')).toEqual({ kind: 'tickers', symbol: 'BTCUSDT' });
    expect(parseTopic('orderbook.500.BTCUSDT')).toBeNull();
    expect(parseTopic('orderbook.050.BTCUSDT')).toBeNull();
    expect(parseTopic('kline.1.BTCUSDT')).toBeNull();
  });
});
