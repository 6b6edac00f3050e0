import { parseCompactJson } from './compact-json';
import type { RawLevels } from './local-order-book';

/** One frame from a Bybit v5 public stream, classified; 'malformed' frames are counted and dropped. */
export type BybitFrame =
  | { kind: 'data'; topic: string; type: string; ts: number; data: unknown }
  | { kind: 'ack'; op: string; success: boolean; retMsg: string; reqId: string | undefined }
  | { kind: 'pong' }
  /** topic: the topic the frame still named, so the drop can be counted against its symbol. */
  | { kind: 'malformed'; reason: string; topic?: string };

const NOT_JSON: BybitFrame = { kind: 'malformed', reason: 'not JSON' };
const NOT_OBJECT: BybitFrame = { kind: 'malformed', reason: 'not a JSON object' };
const PONG: BybitFrame = { kind: 'pong' };

type Json = Record<string, unknown>;

/** Bybit writes `topic` first, so a frame cut short usually still names it. */
const LEADING_TOPIC = /^\s*\{\s*"topic"\s*:\s*"([\w.-]{1,100})"/;

/**
 * A frame classified. Compact frames (all of Bybit's) are read by parseCompactJson, which keeps
 * prices and sizes out of V8's string table; anything else by JSON.parse.
 */
export function parseFrame(raw: string): BybitFrame {
  let msg: unknown;
  try {
    msg = parseCompactJson(raw) ?? JSON.parse(raw);
  } catch {
    const topic = LEADING_TOPIC.exec(raw)?.[1];
    return topic === undefined ? NOT_JSON : { kind: 'malformed', reason: 'not JSON', topic };
  }
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) return NOT_OBJECT;
  const m = msg as Json;
  const topic = m.topic;
  if (typeof topic === 'string') {
    const ts = m.ts;
    if (typeof ts !== 'number')
      return { kind: 'malformed', reason: 'data frame without numeric ts', topic };
    if (m.data === undefined)
      return { kind: 'malformed', reason: 'data frame without data', topic };
    const type = typeof m.type === 'string' ? m.type : 'snapshot';
    return { kind: 'data', topic, type, ts, data: m.data };
  }
  const op = m.op;
  if (typeof op !== 'string') return { kind: 'malformed', reason: 'neither topic nor op' };
  // Linear public streams answer a ping with op 'ping' and ret_msg 'pong'; spot uses op 'pong'.
  if (op === 'pong' || (op === 'ping' && m.ret_msg === 'pong')) return PONG;
  if (typeof m.success !== 'boolean') return { kind: 'malformed', reason: 'ack without success' };
  return {
    kind: 'ack',
    op,
    success: m.success,
    retMsg: typeof m.ret_msg === 'string' ? m.ret_msg : '',
    reqId: typeof m.req_id === 'string' ? m.req_id : undefined,
  };
}

function isLevels(v: unknown): v is RawLevels {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) {
    const l: unknown = v[i];
    if (!Array.isArray(l) || l.length < 2 || typeof l[0] !== 'string' || typeof l[1] !== 'string')
      return false;
  }
  return true;
}

export interface BookData {
  b: RawLevels;
  a: RawLevels;
  u: number;
}

/** The data of an orderbook.{depth}.{symbol} frame, or undefined when malformed. */
export function asBookData(data: unknown): BookData | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const d = data as Json;
  if (typeof d.u !== 'number' || !isLevels(d.b) || !isLevels(d.a)) return undefined;
  return d as unknown as BookData;
}

export interface RawTrade {
  T: number;
  S: 'Buy' | 'Sell';
  v: string;
  p: string;
  i: string;
}

/** The data of a publicTrade.{symbol} frame, or undefined when malformed. */
export function asTrades(data: unknown): RawTrade[] | undefined {
  if (!Array.isArray(data)) return undefined;
  for (let i = 0; i < data.length; i++) {
    const t = data[i] as Json | null;
    if (
      typeof t !== 'object' ||
      t === null ||
      typeof t.T !== 'number' ||
      (t.S !== 'Buy' && t.S !== 'Sell') ||
      typeof t.v !== 'string' ||
      typeof t.p !== 'string' ||
      typeof t.i !== 'string'
    ) {
      return undefined;
    }
  }
  return data as RawTrade[];
}

export interface RawTicker {
  lastPrice?: string;
  bid1Price?: string;
  ask1Price?: string;
  markPrice?: string;
}

const TICKER_FIELDS = ['lastPrice', 'bid1Price', 'ask1Price', 'markPrice'] as const;

/** The data of a tickers.{symbol} frame (fields may be absent in deltas), or undefined when malformed. */
export function asTicker(data: unknown): RawTicker | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const d = data as Json;
  for (const f of TICKER_FIELDS) {
    const v = d[f];
    if (v !== undefined && typeof v !== 'string') return undefined;
  }
  return d;
}
