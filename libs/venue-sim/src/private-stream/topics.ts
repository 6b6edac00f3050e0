import { PrivateTopic } from '../exchange';

/** The account-wide topics: every category's updates under one name (research §5.1). */
const ALL_IN_ONE: ReadonlySet<string> = new Set(['order', 'execution', 'position']);
const CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  order: ['spot', 'linear', 'inverse', 'option'],
  execution: ['spot', 'linear', 'inverse', 'option'],
  position: ['linear', 'inverse', 'option'],
};
/** The venue trades linear perpetuals only: the other categories' topics are valid but stay quiet. */
const TRADED_CATEGORY = 'linear';

export type TopicForm = 'all-in-one' | 'categorised' | 'account';

/** How Bybit names a private topic; null when it has no handler for it. */
export function topicForm(topic: string): TopicForm | null {
  if (topic === 'wallet') return 'account';
  if (ALL_IN_ONE.has(topic)) return 'all-in-one';
  const [base, category, ...rest] = topic.split('.');
  if (rest.length > 0 || category === undefined) return null;
  return CATEGORIES[base]?.includes(category) ? 'categorised' : null;
}

/** The subscription names an exchange event goes out under: `order` and `order.linear`, etc. */
export function topicNamesFor(topic: PrivateTopic): readonly string[] {
  return topic === 'wallet' ? ['wallet'] : [topic, `${topic}.${TRADED_CATEGORY}`];
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
