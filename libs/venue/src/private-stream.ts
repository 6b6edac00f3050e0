import { errorMessage, type StructuredLogger } from '@flotilla/core';
import type { VenueEvent, VenueSubscription } from '@flotilla/engine';
import type { BybitClient, CcxtResult } from './bybit-client';
import { parseBalance, parseFill, parseOrder, parsePosition } from './bybit-parse';

type Listener = (event: VenueEvent) => void;

/**
 * The account's private stream over ccxt.pro: one watch loop per topic (order, execution,
 * position, wallet), each turning Bybit's raw items into port events for every listener. ccxt.pro
 * authenticates, pings and reconnects; a loop that fails is logged and resumed. Events missed while
 * a socket was down are recovered by reconciliation over REST, not by this stream.
 */
export class PrivateStream {
  private readonly listeners = new Set<Listener>();
  private running = false;

  constructor(
    private readonly client: BybitClient,
    private readonly logger: StructuredLogger,
    private readonly retryDelayMs = 1000,
  ) {}

  async subscribe(listener: Listener): Promise<VenueSubscription> {
    this.listeners.add(listener);
    if (!this.running) {
      this.running = true;
      this.loop(
        'order',
        () => this.client.watchOrders(),
        (items) => items.map((o) => ({ kind: 'order', order: parseOrder(o.info) }) as const),
      );
      this.loop(
        'execution',
        () => this.client.watchMyTrades(),
        (items) => items.map((t) => ({ kind: 'fill', fill: parseFill(t.info) }) as const),
      );
      this.loop(
        'position',
        () => this.client.watchPositions(),
        (items) =>
          items.map((p) => ({ kind: 'position', position: parsePosition(p.info) }) as const),
      );
      this.loop(
        'wallet',
        async () => [{ info: (await this.client.watchBalance()).info } as CcxtResult],
        (items) => items.map((b) => ({ kind: 'wallet', balance: parseBalance(b.info) }) as const),
      );
    }
    let active = true;
    return {
      unsubscribe: () => {
        if (!active) return;
        active = false;
        this.listeners.delete(listener);
      },
    };
  }

  stop(): void {
    this.running = false;
    this.listeners.clear();
  }

  private loop(
    topic: string,
    watch: () => Promise<CcxtResult[]>,
    toEvents: (items: CcxtResult[]) => readonly VenueEvent[],
  ): void {
    const next = async (): Promise<void> => {
      while (this.running) {
        try {
          const items = await watch();
          if (!this.running) return;
          for (const event of toEvents(items)) for (const l of this.listeners) l(event);
        } catch (err) {
          if (!this.running) return;
          this.logger.warn('private stream watch failed; resuming', {
            topic,
            error: errorMessage(err),
          });
          await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs).unref());
        }
      }
    };
    void next();
  }
}
