import { createHmac } from 'node:crypto';
import { IncomingHttpHeaders } from 'node:http';
import { TRANSPORT_RET } from './ret-codes';
import { signRest, verifyRest } from './signature';

const NOW = 1_700_000_000_000;
const secrets: Record<string, string> = { k1: 's1' };
const secretOf = (k: string): string | undefined => secrets[k];

function signed(payload: string, over: Partial<Record<string, string>> = {}): IncomingHttpHeaders {
  const ts = over.ts ?? String(NOW);
  const key = over.key ?? 'k1';
  const rw = over.rw ?? '5000';
  return {
    'x-bapi-api-key': key,
    'x-bapi-timestamp': ts,
    'x-bapi-recv-window': rw,
    'x-bapi-sign': over.sign ?? signRest(secrets[key] ?? 'x', ts, key, rw, payload),
  };
}

describe('verifyRest', () => {
  it("matches Bybit's documented string to sign (timestamp + key + recvWindow + payload)", () => {
    const payload = 'category=option&symbol=BTC-29JUL22-25000-C';
    const expected = signRest('s1', '1658384314791', 'XXXXXXXXXX', '5000', payload);
    // Recomputed independently of signRest: the docs' example GET string.
    const manual = createHmac('sha256', 's1')
      .update('1658384314791XXXXXXXXXX5000category=option&symbol=BTC-29JUL22-25000-C')
      .digest('hex');
    expect(expected).toBe(manual);
  });

  it('accepts a correct signature over the raw payload', () => {
    const body = '{"symbol":"BTCUSDT","qty":"0.001"}';
    expect(verifyRest(signed(body), body, NOW, secretOf)).toEqual({ ok: true, key: 'k1' });
  });

  it('refuses the same JSON with its keys in another order (no re-serialisation): 10004', () => {
    const sent = '{"qty":"0.001","symbol":"BTCUSDT"}';
    const headers = signed('{"symbol":"BTCUSDT","qty":"0.001"}');
    const outcome = verifyRest(headers, sent, NOW, secretOf);
    expect(outcome).toMatchObject({ ok: false, retCode: TRANSPORT_RET.SIGN_INVALID });
  });

  it('refuses an unknown or missing key with 10003', () => {
    expect(verifyRest(signed('', { key: 'nope' }), '', NOW, secretOf)).toMatchObject({
      retCode: 10003,
    });
    expect(verifyRest({}, '', NOW, secretOf)).toMatchObject({ retCode: 10003 });
  });

  it.each([
    ['older than recvWindow', String(NOW - 5001), '5000'],
    ['1 s ahead of the venue', String(NOW + 1000), '5000'],
    ['not a number', 'abc', '5000'],
    ['outside a short recvWindow', String(NOW - 101), '100'],
  ])('refuses a timestamp %s with 10002', (_name, ts, rw) => {
    expect(verifyRest(signed('', { ts, rw }), '', NOW, secretOf)).toMatchObject({
      ok: false,
      retCode: TRANSPORT_RET.TIME_WINDOW,
    });
  });

  it('accepts the window edges: recvWindow old, just under 1 s ahead', () => {
    expect(verifyRest(signed('', { ts: String(NOW - 5000) }), '', NOW, secretOf).ok).toBe(true);
    expect(verifyRest(signed('', { ts: String(NOW + 999) }), '', NOW, secretOf).ok).toBe(true);
  });

  it('refuses a signature made with another secret, and an uppercase hex of the right one passes', () => {
    const bad = signRest('other', String(NOW), 'k1', '5000', 'a=1');
    expect(verifyRest(signed('a=1', { sign: bad }), 'a=1', NOW, secretOf)).toMatchObject({
      retCode: 10004,
    });
    const upper = signRest('s1', String(NOW), 'k1', '5000', 'a=1').toUpperCase();
    expect(verifyRest(signed('a=1', { sign: upper }), 'a=1', NOW, secretOf).ok).toBe(true);
  });

  it('never puts the secret in a refusal', () => {
    const outcome = verifyRest(signed('x', { sign: 'f'.repeat(64) }), 'x', NOW, secretOf);
    expect(JSON.stringify(outcome)).not.toContain('s1');
  });
});
