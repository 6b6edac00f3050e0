import { asBookData, asTicker, asTrades, parseFrame } from './bybit-frames';

describe('parseFrame', () => {
  it('classifies data, acks and pongs', () => {
    expect(
      parseFrame(
        '{"topic":"orderbook.50.BTCUSDT","type":"delta","ts":5,"data":{"s":"BTCUSDT","b":[],"a":[],"u":2}}',
      ),
    ).toEqual({
      kind: 'data',
      topic: 'orderbook.50.BTCUSDT',
      type: 'delta',
      ts: 5,
      data: { s: 'BTCUSDT', b: [], a: [], u: 2 },
    });
    expect(
      parseFrame(
        '{"success":false,"ret_msg":"bad topic","op":"subscribe","req_id":"1-1","conn_id":"x"}',
      ),
    ).toEqual({
      kind: 'ack',
      op: 'subscribe',
      success: false,
      retMsg: 'bad topic',
      reqId: '1-1',
    });
    expect(parseFrame('{"op":"pong","success":true}').kind).toBe('pong');
    expect(parseFrame('{"op":"ping","success":true,"ret_msg":"pong"}').kind).toBe('pong');
  });

  it.each([
    ['not JSON', 'garbage{'],
    ['a JSON array', '[1,2]'],
    ['a JSON string', '"x"'],
    ['null', 'null'],
    ['no topic nor op', '{"foo":1}'],
    ['a data frame without ts', '{"topic":"t","data":{}}'],
    ['a data frame with string ts', '{"topic":"t","ts":"1","data":{}}'],
    ['a data frame without data', '{"topic":"t","ts":1}'],
    ['an ack without success', '{"op":"subscribe"}'],
  ])('reports %s as malformed without throwing', (_name, raw) => {
    expect(parseFrame(raw).kind).toBe('malformed');
  });

  it.each([
    ['cut short', '{"topic":"orderbook.50.SOLUSDT","type":"delta","ts":1,"da'],
    ['cut short with spaces', ' { "topic" : "tickers.SOLUSDT", "ts'],
    ['without numeric ts', '{"topic":"tickers.SOLUSDT","ts":"1","data":{}}'],
    ['without data', '{"ts":1,"topic":"publicTrade.SOLUSDT"}'],
  ])('keeps the topic of a malformed frame %s, so it can be counted on its symbol', (_n, raw) => {
    const frame = parseFrame(raw);
    expect(frame.kind).toBe('malformed');
    expect(frame.kind === 'malformed' ? frame.topic : undefined).toMatch(/SOLUSDT$/);
  });

  it('names no topic for junk that never named one', () => {
    expect(parseFrame('}{ "topic":"tickers.SOLUSDT"')).toEqual({
      kind: 'malformed',
      reason: 'not JSON',
    });
    expect(parseFrame('{"type":"delta","data":{}}')).not.toHaveProperty('topic');
  });
});

describe('payload validation', () => {
  it('accepts well-formed book data and rejects wrong shapes', () => {
    expect(asBookData({ b: [['1', '2']], a: [], u: 3 })).toBeDefined();
    expect(asBookData({ b: [['1', 2]], a: [], u: 3 })).toBeUndefined();
    expect(asBookData({ b: [['1']], a: [], u: 3 })).toBeUndefined();
    expect(asBookData({ b: [], a: [], u: '3' })).toBeUndefined();
    expect(asBookData({ b: [], u: 3 })).toBeUndefined();
    expect(asBookData(null)).toBeUndefined();
  });

  it('accepts trades and rejects wrong sides or numeric prices', () => {
    const ok = { T: 1, s: 'X', S: 'Buy', v: '1', p: '2', i: 'a' };
    expect(asTrades([ok])).toHaveLength(1);
    expect(asTrades([{ ...ok, S: 'buy' }])).toBeUndefined();
    expect(asTrades([{ ...ok, p: 2 }])).toBeUndefined();
    expect(asTrades({})).toBeUndefined();
  });

  it('accepts partial tickers and rejects numeric fields', () => {
    expect(asTicker({ lastPrice: '1' })).toEqual({ lastPrice: '1' });
    expect(asTicker({ markPrice: 1 })).toBeUndefined();
    expect(asTicker([])).toBeUndefined();
  });
});
