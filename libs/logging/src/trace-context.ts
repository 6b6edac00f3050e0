import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

interface TraceStore {
  readonly traceId: string;
}

const storage = new AsyncLocalStorage<TraceStore>();

/** Carries a trace id through every await that a request or a supervisor action causes. */
export const TraceContext = {
  run<T>(traceId: string, fn: () => T): T {
    return storage.run({ traceId }, fn);
  },
  current(): string | undefined {
    return storage.getStore()?.traceId;
  },
  newId(): string {
    return randomUUID();
  },
};

export function currentTraceId(): string | undefined {
  return TraceContext.current();
}

export function newTraceId(): string {
  return TraceContext.newId();
}
