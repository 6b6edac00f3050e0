import { normalizeSymbol } from '@flotilla/core';
import { COCKPIT_TOPICS, engineTopic, type CockpitTopic, type FixedTopic } from '../cockpit-bus';

/** What a client may send once authenticated (docs/ws-protocol.md). */
export type ClientMessage =
  | { readonly op: 'subscribe'; readonly topics: readonly CockpitTopic[] }
  | { readonly op: 'unsubscribe'; readonly topics: readonly CockpitTopic[] }
  | { readonly op: 'ping' };

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const MAX_TOPICS_PER_MESSAGE = 2_000;
const FIXED: ReadonlySet<string> = new Set(COCKPIT_TOPICS);

export const isFixedTopic = (topic: string): topic is FixedTopic => FIXED.has(topic);

/** `engine:S` → S, else null. */
export function engineSymbolOf(topic: string): string | null {
  return topic.startsWith('engine:') ? topic.slice('engine:'.length) : null;
}

/** A topic as the client wrote it → its canonical form (`engine:btc-usdt` → `engine:BTCUSDT`), or why not. */
export function parseTopic(raw: unknown): Parsed<CockpitTopic> {
  if (typeof raw !== 'string') return { ok: false, error: 'each topic must be a string' };
  if (isFixedTopic(raw)) return { ok: true, value: raw };
  const symbol = engineSymbolOf(raw);
  if (symbol === null) {
    return {
      ok: false,
      error: `unknown topic ${JSON.stringify(raw.slice(0, 60))}: use ${COCKPIT_TOPICS.join(', ')} or engine:{symbol}`,
    };
  }
  try {
    return { ok: true, value: engineTopic(normalizeSymbol(symbol)) };
  } catch (err) {
    return {
      ok: false,
      error: `topic ${JSON.stringify(raw.slice(0, 60))}: ${(err as Error).message}`,
    };
  }
}

function parseTopics(raw: unknown): Parsed<CockpitTopic[]> {
  if (!Array.isArray(raw) || raw.length === 0)
    return { ok: false, error: '"topics" must be a non-empty array of topic names' };
  if (raw.length > MAX_TOPICS_PER_MESSAGE)
    return { ok: false, error: `at most ${MAX_TOPICS_PER_MESSAGE} topics per message` };
  const topics = new Set<CockpitTopic>();
  for (const item of raw) {
    const topic = parseTopic(item);
    if (!topic.ok) return topic;
    topics.add(topic.value);
  }
  return { ok: true, value: [...topics] };
}

function parseJson(text: string): Parsed<Record<string, unknown>> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, error: 'the message is not valid JSON' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, error: 'the message must be a JSON object with an "op"' };
  return { ok: true, value: body as Record<string, unknown> };
}

/** A message after authentication; the error names what is wrong (never echoing more than a short excerpt). */
export function parseClientMessage(text: string): Parsed<ClientMessage> {
  const json = parseJson(text);
  if (!json.ok) return json;
  const { op } = json.value;
  switch (op) {
    case 'subscribe':
    case 'unsubscribe': {
      const topics = parseTopics(json.value.topics);
      return topics.ok ? { ok: true, value: { op, topics: topics.value } } : topics;
    }
    case 'ping':
      return { ok: true, value: { op } };
    case 'auth':
      return { ok: false, error: 'already authenticated' };
    default:
      return {
        ok: false,
        error: `unknown op ${JSON.stringify(String(op).slice(0, 40))}: use subscribe, unsubscribe or ping`,
      };
  }
}

/** The first message of a connection without an Authorization header: the token, or null for anything else. */
export function authTokenOf(text: string): string | null {
  const json = parseJson(text);
  if (!json.ok || json.value.op !== 'auth') return null;
  const { token } = json.value;
  return typeof token === 'string' && token.length > 0 && token.length <= 1024 ? token : null;
}
