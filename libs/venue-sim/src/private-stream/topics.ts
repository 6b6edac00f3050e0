import { ExchangeEvent, PrivateTopic } from '../exchange';

/** The account-wide topics: every category's updates under one name (research §5.1). */
const ALL_IN_ONE: ReadonlySet<string> = new Set(['order', 'execution', 'position']);
const CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  order: ['spot', 'linear', 'inverse', 'option'],
  execution: ['spot', 'linear', 'inverse', 'option'],
  position: ['linear', 'inverse', 'option'],
};
/** The venue trades linear perpetuals only: the other categories' topics are valid but stay quiet. */
const TRADED_CATEGORY = 'linear';

/** Trades only, fewer fields, no message id (Bybit's "Fast Execution"; ccxt's `executionFast`). */
export const FAST_EXECUTION_TOPIC = 'execution.fast';

export type TopicForm = 'all-in-one' | 'categorised' | 'account';

/** How Bybit names a private topic; null when it has no handler for it. */
export function topicForm(topic: string): TopicForm | null {
  if (topic === 'wallet' || topic === FAST_EXECUTION_TOPIC) return 'account';
  if (ALL_IN_ONE.has(topic)) return 'all-in-one';
  const [base, category, ...rest] = topic.split('.');
  if (rest.length > 0 || category === undefined) return null;
  return CATEGORIES[base]?.includes(category) ? 'categorised' : null;
}

/** The subscription names an exchange event goes out under: `order` and `order.linear`, etc. */
export function topicNamesFor(topic: PrivateTopic): readonly string[] {
  if (topic === 'wallet') return ['wallet'];
  const names = [topic, `${topic}.${TRADED_CATEGORY}`];
  return topic === 'execution' ? [...names, FAST_EXECUTION_TOPIC] : names;
}

/**
 * The message a subscriber of `topic` gets for an exchange event, or null when it carries nothing
 * for that topic: `{id, topic, creationTime, data}`, and for `execution.fast` the trades alone,
 * cut to the fast stream's fields, without an id.
 */
export function messageFor(topic: string, event: ExchangeEvent, id: string): object | null {
  if (topic !== FAST_EXECUTION_TOPIC) {
    return { id, topic, creationTime: event.creationTime, data: event.data };
  }
  const data = event.data.filter((e) => e.execType === 'Trade').map(fastExecution);
  return data.length === 0 ? null : { topic, creationTime: event.creationTime, data };
}

function fastExecution(e: Record<string, unknown>): Record<string, unknown> {
  return {
    category: e.category,
    symbol: e.symbol,
    execId: e.execId,
    execPrice: e.execPrice,
    execQty: e.execQty,
    orderId: e.orderId,
    // Bybit: "won't be output unless it is taker trade".
    orderLinkId: e.isMaker === true ? '' : e.orderLinkId,
    side: e.side,
    execTime: e.execTime,
    seq: e.seq,
  };
}

/**
 * Why a subscribe/unsubscribe request fails as a whole, or null. The all-in-one and the
 * categorised forms may not be mixed in one request (research §5.1).
 */
export function requestProblem(
  op: 'subscribe' | 'unsubscribe',
  topics: readonly string[],
  isSubscribed: (topic: string) => boolean,
): string | null {
  const forms = new Set<TopicForm>();
  for (const topic of topics) {
    const form = topicForm(topic);
    if (form === null) return `error:handler not found,topic:${topic}`;
    forms.add(form);
    const subscribed = isSubscribed(topic);
    if (op === 'subscribe' && subscribed) return `error:already subscribed,topic:${topic}`;
    if (op === 'unsubscribe' && !subscribed) return `error:not subscribed,topic:${topic}`;
  }
  if (forms.has('all-in-one') && forms.has('categorised')) {
    return 'error:all-in-one and categorised topics cannot be mixed in one request';
  }
  return null;
}
