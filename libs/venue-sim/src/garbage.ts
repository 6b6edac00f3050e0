import { parseTopic, Topic } from './protocol';

/** Frames no client can pin on a topic: not JSON, and JSON with neither topic nor op. */
export const TOPICLESS_GARBAGE: readonly string[] = [
  '}{ not json at all',
  JSON.stringify({ type: 'delta', data: { junk: true } }),
];

/** Data of the wrong shape for the topic's kind; a client must count it and drop it, never apply it. */
function wrongShape(topic: Topic): unknown {
  switch (topic.kind) {
    case 'orderbook':
      return { s: topic.symbol, b: 'not levels', a: [[1, 2]], u: 'next', seq: null };
    case 'publicTrade':
      return [{ T: 'soon', s: topic.symbol, S: 'Hold', v: 1, p: 2, i: 3 }];
    case 'tickers':
      return { symbol: topic.symbol, lastPrice: 12.5, bid1Price: [] };
  }
}

/** A valid Bybit envelope for the topic whose data has the wrong shape. */
export function wrongShapeFrame(topicName: string, ts: number): string | null {
  const topic = parseTopic(topicName);
  if (!topic) return null;
  return JSON.stringify({ topic: topicName, type: 'delta', ts, data: wrongShape(topic) });
}

/** The first half of a frame, as a cut connection or a broken proxy would deliver it. */
export function truncated(text: string): string {
  return text.slice(0, Math.ceil(text.length / 2));
}

/** What a burst sends for one subscribed topic: the wrong-shape frame, whole and cut short. */
export function topicGarbage(topicName: string, ts: number): string[] {
  const frame = wrongShapeFrame(topicName, ts);
  return frame === null ? [] : [frame, truncated(frame)];
}

/**
 * The garbage frame a timed fault sends after the n-th update of a topic (real frame `text`):
 * cycles through the topicless frames, the wrong-shape frame and the real frame cut short.
 */
export function garbageAfter(topicName: string, text: string, ts: number, n: number): string {
  const choice = n % 4;
  if (choice < TOPICLESS_GARBAGE.length) return TOPICLESS_GARBAGE[choice];
  if (choice === 2) return wrongShapeFrame(topicName, ts) ?? TOPICLESS_GARBAGE[0];
  return truncated(text);
}
