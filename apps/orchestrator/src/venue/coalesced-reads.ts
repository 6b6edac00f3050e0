import type { VenueOrder, VenuePort, VenuePosition } from '@flotilla/engine';

type Schedule = (fn: () => void) => void;

/**
 * One account-wide read shared by every per-symbol read asked for before it is sent. A read joins
 * the batch only while the batch has not been sent, so every answer was read after its request
 * (never a stale answer from an earlier call).
 */
class Batch<T extends { symbol: string }> {
  private waiting: Array<{
    symbol: string;
    resolve: (v: T[]) => void;
    reject: (e: unknown) => void;
  }> | null = null;

  constructor(
    private readonly readAll: () => Promise<T[]>,
    private readonly schedule: Schedule,
  ) {}

  read(symbol: string): Promise<T[]> {
    return new Promise<T[]>((resolve, reject) => {
      if (this.waiting === null) {
        this.waiting = [];
        this.schedule(() => this.send());
      }
      this.waiting.push({ symbol, resolve, reject });
    });
  }

  private send(): void {
    const waiting = this.waiting ?? [];
    this.waiting = null;
    this.readAll().then(
      (all) => {
        for (const w of waiting) w.resolve(all.filter((x) => x.symbol === w.symbol));
      },
      (err: unknown) => {
        for (const w of waiting) w.reject(err);
      },
    );
  }
}

/**
 * The VenuePort with per-symbol open-order and position reads coalesced: when many engines
 * reconcile at once (a boot with hundreds of engines), their reads share one account-wide call
 * per turn instead of one rate-limited call each. A lone read costs one call, as before.
 * Everything else passes through.
 */
export function coalesceReads(port: VenuePort, schedule: Schedule = setImmediate): VenuePort {
  const orders = new Batch<VenueOrder>(() => port.openOrders(), schedule);
  const positions = new Batch<VenuePosition>(() => port.positions(), schedule);
  return new Proxy(port, {
    get(target, prop, receiver) {
      if (prop === 'openOrders') {
        return (symbol?: string) =>
          symbol === undefined ? target.openOrders() : orders.read(symbol);
      }
      if (prop === 'positions') {
        return (symbol?: string) =>
          symbol === undefined ? target.positions() : positions.read(symbol);
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}
