import { Decimal } from '@flotilla/core';
import { Account } from './account';
import {
  renderExecutionEvent,
  renderOrderEvent,
  renderPositionEvent,
  renderWallet,
} from './render';
import { ExchangeEvent, ExchangeListener, SimExecution, SimOrder } from './types';

interface Pending {
  readonly account: Account;
  readonly orders: Map<string, SimOrder>;
  readonly executions: SimExecution[];
  readonly positions: Set<string>;
  wallet: boolean;
}

/**
 * Collects what one command or one market update changed, then emits it per account as Bybit's
 * private topics: execution, order, position, wallet (one message per topic, several items each).
 */
export class EventBatch {
  private pending = new Map<string, Pending>();
  private readonly listeners = new Map<string, Set<ExchangeListener>>();

  subscribe(key: string, listener: ExchangeListener): () => void {
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
    }
    set.add(listener);
    return () => {
      this.listeners.get(key)?.delete(listener);
    };
  }

  order(account: Account, order: SimOrder): void {
    this.of(account).orders.set(order.orderId, order);
  }

  execution(account: Account, execution: SimExecution): void {
    this.of(account).executions.push(execution);
  }

  position(account: Account, symbol: string): void {
    this.of(account).positions.add(symbol);
  }

  wallet(account: Account): void {
    this.of(account).wallet = true;
  }

  flush(nowMs: number, markOf: (symbol: string) => Decimal): void {
    const batch = this.pending;
    this.pending = new Map();
    for (const p of batch.values()) {
      const listeners = this.listeners.get(p.account.key);
      if (!listeners || listeners.size === 0) continue;
      const events: ExchangeEvent[] = [];
      const add = (topic: ExchangeEvent['topic'], data: Record<string, unknown>[]): void => {
        if (data.length > 0) events.push({ topic, creationTime: nowMs, data });
      };
      add('execution', p.executions.map(renderExecutionEvent));
      add('order', [...p.orders.values()].map(renderOrderEvent));
      add(
        'position',
        [...p.positions].map((s) =>
          renderPositionEvent(p.account.view(p.account.position(s, nowMs), markOf(s))),
        ),
      );
      if (p.wallet) add('wallet', [renderWallet(p.account.wallet(markOf))]);
      for (const event of events) {
        for (const listener of [...listeners]) {
          try {
            listener(event);
          } catch {
            // A subscriber's failure is its own; the venue keeps matching.
          }
        }
      }
    }
  }

  private of(account: Account): Pending {
    let p = this.pending.get(account.key);
    if (!p) {
      p = { account, orders: new Map(), executions: [], positions: new Set(), wallet: false };
      this.pending.set(account.key, p);
    }
    return p;
  }
}
