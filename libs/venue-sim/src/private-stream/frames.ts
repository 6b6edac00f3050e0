import { AUTH_FAILED_MSG, verifyRealtimeAuth } from './auth';
import { requestProblem } from './topics';
import { parseClientRequest } from '../protocol';

/** Bybit's answer to a private subscribe sent before a successful auth. */
export const NOT_AUTHORIZED_MSG = 'Request not authorized';
export const REPEAT_AUTH_MSG = 'Repeat auth';

export interface FrameContext {
  readonly connId: string;
  readonly nowMs: number;
  /** The key this socket authenticated as; null until then. */
  readonly key: string | null;
  secretOf(key: string): string | undefined;
  isSubscribed(topic: string): boolean;
}

export type FrameAction =
  | { readonly kind: 'none' }
  | { readonly kind: 'ping' }
  | { readonly kind: 'authenticated'; readonly key: string }
  | { readonly kind: 'subscribe' | 'unsubscribe'; readonly topics: readonly string[] };

export interface FrameResult {
  readonly reply: Record<string, unknown>;
  readonly action: FrameAction;
}

const NONE: FrameAction = { kind: 'none' };

/**
 * One client frame of the private stream in, Bybit's reply and what to change out: `auth`,
 * `subscribe` / `unsubscribe` (only once authenticated; a request with any bad topic fails as a
 * whole), `ping`. `req_id` is echoed in every reply that can carry it.
 */
export function handlePrivateFrame(text: string, ctx: FrameContext): FrameResult {
  const request = parseClientRequest(text);
  if ('error' in request) return fail(ctx, undefined, '', request.error);
  const { op, args, reqId } = request;
  switch (op) {
    case 'ping':
      return { reply: pong(ctx, reqId), action: { kind: 'ping' } };
    case 'auth':
      return auth(ctx, reqId, args);
    case 'subscribe':
    case 'unsubscribe':
      return subscription(ctx, reqId, op, args);
    default:
      return fail(ctx, reqId, typeof op === 'string' ? op : '', 'error:invalid op');
  }
}

function auth(ctx: FrameContext, reqId: string | undefined, args: unknown): FrameResult {
  if (ctx.key !== null) return fail(ctx, reqId, 'auth', REPEAT_AUTH_MSG);
  const outcome = verifyRealtimeAuth(args, ctx.nowMs, (k) => ctx.secretOf(k));
  if (!outcome.ok) return fail(ctx, reqId, 'auth', AUTH_FAILED_MSG);
  return {
    reply: ack(ctx, reqId, 'auth', true, ''),
    action: { kind: 'authenticated', key: outcome.key },
  };
}

function subscription(
  ctx: FrameContext,
  reqId: string | undefined,
  op: 'subscribe' | 'unsubscribe',
  args: unknown,
): FrameResult {
  if (ctx.key === null) return fail(ctx, reqId, op, NOT_AUTHORIZED_MSG);
  if (!Array.isArray(args) || args.length === 0 || !args.every((a) => typeof a === 'string')) {
    return fail(ctx, reqId, op, 'error:args must be a non-empty array of topic strings');
  }
  const topics = [...new Set(args)];
  const problem = requestProblem(op, topics, (t) => ctx.isSubscribed(t));
  if (problem !== null) return fail(ctx, reqId, op, problem);
  return { reply: ack(ctx, reqId, op, true, ''), action: { kind: op, topics } };
}

/** The private pong: `{req_id, op:"pong", args:["<server ms>"], conn_id}` (research §5.1). */
function pong(ctx: FrameContext, reqId: string | undefined): Record<string, unknown> {
  const reply: Record<string, unknown> = {};
  if (reqId !== undefined) reply.req_id = reqId;
  reply.op = 'pong';
  reply.args = [String(ctx.nowMs)];
  reply.conn_id = ctx.connId;
  return reply;
}

function ack(
  ctx: FrameContext,
  reqId: string | undefined,
  op: string,
  success: boolean,
  retMsg: string,
): Record<string, unknown> {
  const reply: Record<string, unknown> = {};
  if (reqId !== undefined) reply.req_id = reqId;
  reply.success = success;
  reply.ret_msg = retMsg;
  reply.op = op;
  reply.conn_id = ctx.connId;
  return reply;
}

function fail(
  ctx: FrameContext,
  reqId: string | undefined,
  op: string,
  retMsg: string,
): FrameResult {
  return { reply: ack(ctx, reqId, op, false, retMsg), action: NONE };
}
