import {
  Backoff,
  errorMessage,
  type Clock,
  type StructuredLogger,
  type TimerHandle,
} from '@flotilla/core';
import type { VenueEvent, VenuePort, VenueSubscription } from '@flotilla/engine';

/** The symbol a private-stream event belongs to; null for account-wide ones (wallet). */
export function venueEventSymbol(event: VenueEvent): string | null {
  switch (event.kind) {
    case 'order':
      return event.order.symbol;
    case 'fill':
      return event.fill.symbol;
    case 'position':
      return event.position.symbol;
    case 'wallet':
      return null;
  }
}

export interface VenueEventRouterDeps {
  readonly venue: VenuePort;
  /** Hands one event to the symbol's engine (inside its actor); false when no engine runs there. */
  readonly deliver: (symbol: string, event: VenueEvent) => boolean;
  readonly clock: Clock;
  readonly logger: StructuredLogger;
  readonly backoff?: Backoff;
}

/**
 * The account's one private-stream subscription, fanned out to the engines by symbol. Subscribing
 * is retried on the shared Backoff until it works (a venue down at boot must not block the fleet);
 * the stream is best effort, so executors read their venue state back over REST after a gap.
 */
export class VenueEventRouter {
  private subscription: VenueSubscription | null = null;
  private retry: TimerHandle | null = null;
  private stopped = false;
  private readonly backoff: Backoff;
  private delivered = 0;
  private unrouted = 0;

  constructor(private readonly deps: VenueEventRouterDeps) {
    this.backoff = deps.backoff ?? new Backoff();
  }

  /** Starts subscribing; never rejects. */
  start(): void {
    this.stopped = false;
    void this.attempt();
  }

  stop(): void {
    this.stopped = true;
    this.retry?.cancel();
    this.retry = null;
    this.subscription?.unsubscribe();
    this.subscription = null;
  }

  get connected(): boolean {
    return this.subscription !== null;
  }

  stats(): { connected: boolean; delivered: number; unrouted: number } {
    return { connected: this.connected, delivered: this.delivered, unrouted: this.unrouted };
  }

  private async attempt(): Promise<void> {
    if (this.stopped || this.subscription) return;
    try {
      const subscription = await this.deps.venue.subscribe((event) => this.route(event));
      if (this.stopped) {
        subscription.unsubscribe();
        return;
      }
      this.subscription = subscription;
      this.backoff.reset();
      this.deps.logger.info('private stream subscribed');
    } catch (error) {
      const delayMs = this.backoff.nextDelayMs();
      this.deps.logger.warn('private stream subscribe failed; retrying', {
        error: errorMessage(error),
        retryInMs: delayMs,
      });
      this.retry = this.deps.clock.setTimeout(() => {
        this.retry = null;
        void this.attempt();
      }, delayMs);
    }
  }

  private route(event: VenueEvent): void {
    const symbol = venueEventSymbol(event);
    if (symbol !== null && this.deps.deliver(symbol, event)) this.delivered++;
    else this.unrouted++;
  }
}
