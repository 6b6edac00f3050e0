import { createHmac } from 'node:crypto';
import { DEFAULT_ACCOUNT } from '@flotilla/venue-sim';
import request from 'supertest';

/** Bybit v5 headers for a payload, signed as the docs say, independent of the simulator's code. */
export function signedHeaders(
  payload: string,
  account: { key: string; secret: string } = DEFAULT_ACCOUNT,
  ts = Date.now(),
): Record<string, string> {
  const sign = createHmac('sha256', account.secret)
    .update(`${ts}${account.key}5000${payload}`)
    .digest('hex');
  return {
    'X-BAPI-API-KEY': account.key,
    'X-BAPI-TIMESTAMP': String(ts),
    'X-BAPI-RECV-WINDOW': '5000',
    'X-BAPI-SIGN': sign,
    'Content-Type': 'application/json',
  };
}

export interface Answer {
  status: number;
  body: { retCode: number; retMsg: string; result: Record<string, unknown> };
}

export async function signedPost(url: string, path: string, body: object): Promise<Answer> {
  const text = JSON.stringify(body);
  const res = await request(url).post(path).set(signedHeaders(text)).send(text);
  return { status: res.status, body: res.body as Answer['body'] };
}

export async function signedGet(url: string, path: string, query: string): Promise<Answer> {
  const res = await request(url).get(`${path}?${query}`).set(signedHeaders(query));
  return { status: res.status, body: res.body as Answer['body'] };
}
