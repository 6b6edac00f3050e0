import { VenueError, type NotSentReason } from '@flotilla/engine';

/** Scripted outcome of one call; 'unknown' can still book the order (booked: true). */
export type FakeOutcome =
  | { readonly kind: 'reject'; readonly message?: string }
  | { readonly kind: 'retryable' }
  | { readonly kind: 'unknown'; readonly booked: boolean }
  | { readonly kind: 'not-sent'; readonly reason: NotSentReason }
  | { readonly kind: 'hold' };

export type FakeMethod =
  'place' | 'amend' | 'cancel' | 'openOrders' | 'orderByClientId' | 'positions' | 'executions';

export interface FakeScript {
  readonly method: FakeMethod;
  readonly outcome: FakeOutcome;
  readonly when: (args: readonly unknown[]) => boolean;
  times: number;
}

/** Thrown by a scripted not-sent; the fake's place() turns it into a PlaceResult. */
export class NotSent extends Error {
  constructor(readonly reason: NotSentReason) {
    super(reason);
  }
}

/** The FakeVenue's scripted answers: consumed in order, each for `times` matching calls. */
export class FakeScripts {
  private readonly scripts: FakeScript[] = [];
  private readonly held: Array<() => void> = [];

  add(script: FakeScript): void {
    this.scripts.push(script);
  }

  release(): void {
    for (const go of this.held.splice(0)) go();
  }

  get heldCount(): number {
    return this.held.length;
  }

  /** Applies the first matching script: throws, waits for release(), or returns at once. */
  async apply(method: FakeMethod, args: readonly unknown[], book?: () => void): Promise<void> {
    const i = this.scripts.findIndex((s) => s.method === method && s.times > 0 && s.when(args));
    if (i < 0) return;
    const s = this.scripts[i];
    if (--s.times === 0) this.scripts.splice(i, 1);
    const o = s.outcome;
    switch (o.kind) {
      case 'hold':
        return new Promise<void>((resolve) => this.held.push(resolve));
      case 'reject':
        throw new VenueError('rejected', o.message ?? 'rejected by the fake venue', 10001);
      case 'retryable':
        throw new VenueError('retryable', 'the fake venue is busy');
      case 'unknown':
        if (o.booked) book?.();
        throw new VenueError('unknown-outcome', 'timed out waiting for the fake venue');
      case 'not-sent':
        throw new NotSent(o.reason);
    }
  }
}
