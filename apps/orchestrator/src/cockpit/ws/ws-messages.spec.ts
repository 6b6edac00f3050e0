import { authTokenOf, parseClientMessage, parseTopic } from './ws-messages';

describe('/ws client messages', () => {
  it('normalises engine topics like URLs and names what is wrong otherwise', () => {
    expect(parseTopic('engine:btc-usdt')).toEqual({ ok: true, value: 'engine:BTCUSDT' });
    expect(parseTopic('fleet')).toEqual({ ok: true, value: 'fleet' });
    expect(parseTopic('Fleet')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/unknown topic "Fleet"/) as unknown,
    });
    expect(parseTopic('engine:')).toMatchObject({ ok: false });
    expect(parseTopic(42)).toEqual({ ok: false, error: 'each topic must be a string' });
  });

  it('parses subscribe, unsubscribe and ping; deduplicates topics', () => {
    expect(
      parseClientMessage('{"op":"subscribe","topics":["fills","engine:ETH/USDT","fills"]}'),
    ).toEqual({
      ok: true,
      value: { op: 'subscribe', topics: ['fills', 'engine:ETHUSDT'] },
    });
    expect(parseClientMessage('{"op":"ping"}')).toEqual({ ok: true, value: { op: 'ping' } });
    expect(parseClientMessage('[1]')).toMatchObject({ ok: false });
    expect(parseClientMessage('{"op":"unsubscribe"}')).toMatchObject({ ok: false });
  });

  it('a first message is an auth only with a non-empty string token', () => {
    expect(authTokenOf('{"op":"auth","token":"abc"}')).toBe('abc');
    expect(authTokenOf('{"op":"auth","token":""}')).toBeNull();
    expect(authTokenOf('{"op":"auth","token":123}')).toBeNull();
    expect(authTokenOf('{"op":"ping"}')).toBeNull();
    expect(authTokenOf('nope')).toBeNull();
  });
});
