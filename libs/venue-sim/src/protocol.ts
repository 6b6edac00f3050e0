import { BOOK_DEPTHS, BookDepth } from './order-book';

export const MAX_ARGS_PER_REQUEST = 10;

export type Topic =
  | { readonly kind: 'orderbook'; readonly depth: BookDepth; readonly symbol: string }
  | { readonly kind: 'publicTrade'; readonly symbol: string }
  | { readonly kind: 'tickers'; readonly symbol: string };

export interface ProtocolContext {
  readonly connId: string;
  isKnownSymbol(symbol: string): boolean;
  isSubscribed(topic: string): boolean;
}

export interface ProtocolResult {
  readonly reply: Record<string, unknown>;
  readonly subscribe: readonly string[];
  readonly unsubscribe: readonly string[];
}

/** Parses a public linear topic name; null when no handler exists for it. */
export function parseTopic(topic: string): Topic | null {
  const parts = topic.split('.');
  if (parts[0] === 'orderbook' && parts.length === 3) {
    const depth = Number(parts[1]) as BookDepth;
    if (!(BOOK_DEPTHS as readonly number[]).includes(depth) || String(depth) !== parts[1])
      return null;
    return { kind: 'orderbook', depth, symbol: parts[2] };
  }
  if ((parts[0] === 'publicTrade' || parts[0] === 'tickers') && parts.length === 2) {
    return { kind: parts[0], symbol: parts[1] };
  }
  return null;
}

/**
 * One client frame in, one reply out, plus the subscription changes to apply. A request with
 * any bad topic fails as a whole and changes nothing, so a client never holds half a request.
 */
export function handleClientFrame(text: string, ctx: ProtocolContext): ProtocolResult {
  const request = parseClientRequest(text);
  if ('error' in request) return fail(ctx, undefined, '', request.error);
  const { op, args, reqId } = request;
  if (op === 'ping') {
    return { reply: ack(ctx, reqId, 'ping', true, 'pong'), subscribe: [], unsubscribe: [] };
  }
  if (op !== 'subscribe' && op !== 'unsubscribe') {
    return fail(ctx, reqId, typeof op === 'string' ? op : '', 'error:invalid op');
  }
  if (!Array.isArray(args) || args.length === 0 || !args.every((a) => typeof a === 'string')) {
    return fail(ctx, reqId, op, 'error:args must be a non-empty array of topic strings');
  }
  const topics = args;
  if (topics.length > MAX_ARGS_PER_REQUEST) {
    return fail(ctx, reqId, op, `error:args size >${MAX_ARGS_PER_REQUEST}, got ${topics.length}`);
  }
  for (const topic of topics) {
    const problem = topicProblem(topic, op, ctx);
    if (problem) return fail(ctx, reqId, op, problem);
  }
  const unique = [...new Set(topics)];
  return {
    reply: ack(ctx, reqId, op, true, ''),
    subscribe: op === 'subscribe' ? unique : [],
    unsubscribe: op === 'unsubscribe' ? unique : [],
  };
}

function topicProblem(
  topic: string,
  op: 'subscribe' | 'unsubscribe',
  ctx: ProtocolContext,
): string | null {
  const parsed = parseTopic(topic);
  if (!parsed) return `error:handler not found,topic:${topic}`;
  if (!ctx.isKnownSymbol(parsed.symbol)) return `error:invalid symbol,topic:${topic}`;
  const subscribed = ctx.isSubscribed(topic);
  if (op === 'subscribe' && subscribed) return `error:already subscribed,topic:${topic}`;
  if (op === 'unsubscribe' && !subscribed) return `error:not subscribed,topic:${topic}`;
  return null;
}

function ack(
  ctx: ProtocolContext,
  reqId: string | undefined,
  op: string,
  success: boolean,
  retMsg: string,
): Record<string, unknown> {
  const reply: Record<string, unknown> = { success, ret_msg: retMsg, conn_id: ctx.connId };
  if (reqId !== undefined) reply.req_id = reqId;
  reply.op = op;
  return reply;
}

function fail(
  ctx: ProtocolContext,
  reqId: string | undefined,
  op: string,
  retMsg: string,
): ProtocolResult {
  return { reply: ack(ctx, reqId, op, false, retMsg), subscribe: [], unsubscribe: [] };
}

/** A client frame's envelope (`op`, `args`, `req_id` as a string), or the error to answer with. */
export function parseClientRequest(
  text: string,
): { op: unknown; args: unknown; reqId: string | undefined } | { error: string } {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { error: 'error:invalid json' };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return { error: 'error:request must be a JSON object' };
  }
  const { op, args, req_id: rawReqId } = message as Record<string, unknown>;
  const reqId =
    typeof rawReqId === 'string' || typeof rawReqId === 'number' ? String(rawReqId) : undefined;
  return { op, args, reqId };
}
