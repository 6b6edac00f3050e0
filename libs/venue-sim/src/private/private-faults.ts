import { Clock } from '@flotilla/core';
import { FaultRequest, PrivateFaultType } from '../faults';
import { Prng, seedFor } from '../prng';

/** Timed private faults last this long unless the request names durationMs. */
export const DEFAULT_PRIVATE_FAULT_MS = 60_000;
const DEFAULT_SERVER_ERROR_STATUS = 503;

/** A private fault in force, as GET /__admin/faults lists it. */
export interface ActivePrivateFault {
  readonly id: number;
  readonly type: Exclude<PrivateFaultType, 'private-drop'>;
  readonly startedAtMs: number;
  /** null for counted faults (rate-limit, server-error), which end when their count is spent. */
  readonly untilMs: number | null;
  /** stop-reject: the one symbol it covers (all when absent). */
  readonly symbol?: string;
  readonly latencyMs?: number;
  readonly share?: number;
  readonly retCode?: number;
  readonly status?: number;
  remaining?: number;
  /** stop-reject: how many stops it has refused or dropped so far. */
  hits?: number;
}

/** What happens to one `order/create`: answered normally, refused, or booked and never answered. */
export type CreateFate =
  | { readonly kind: 'normal' }
  | { readonly kind: 'reject'; readonly retCode: number }
  | { readonly kind: 'timeout-after-accept' };

interface Entry {
  readonly fault: ActivePrivateFault;
  readonly prng: Prng;
}

/**
 * The private REST faults. Each fault draws from its own PRNG, seeded from --seed, its type and
 * how many faults of that type came before it, so the same seed and the same calls give the same
 * hits. Timed faults expire lazily on the injected clock (no timers to cancel).
 */
export class PrivateFaults {
  private entries: Entry[] = [];
  private nextId = 1;
  private readonly added = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly seed: number,
  ) {}

  add(request: FaultRequest): ActivePrivateFault {
    const type = request.type as ActivePrivateFault['type'];
    const nth = this.added.get(type) ?? 0;
    this.added.set(type, nth + 1);
    const startedAtMs = this.clock.now();
    const counted =
      type === 'rate-limit' ||
      type === 'server-error' ||
      (type === 'stop-reject' && request.count !== undefined && request.durationMs === undefined);
    const fault: ActivePrivateFault = {
      id: this.nextId++,
      type,
      startedAtMs,
      untilMs: counted ? null : startedAtMs + (request.durationMs ?? DEFAULT_PRIVATE_FAULT_MS),
      ...(request.latencyMs !== undefined && { latencyMs: request.latencyMs }),
      ...((type === 'reject' || type === 'timeout-after-accept') && { share: request.share ?? 1 }),
      ...(request.retCode !== undefined && { retCode: request.retCode }),
      ...(type === 'server-error' && { status: request.status ?? DEFAULT_SERVER_ERROR_STATUS }),
      ...((counted || request.count !== undefined) && { remaining: request.count ?? 1 }),
      ...(type === 'stop-reject' && { hits: 0 }),
      ...(type === 'stop-reject' && request.symbol !== undefined && { symbol: request.symbol }),
    };
    this.entries.push({
      fault,
      prng: new Prng(seedFor(this.seed, `private-fault:${type}:${nth}`)),
    });
    return fault;
  }

  list(): ActivePrivateFault[] {
    this.expire();
    return this.entries.map((e) => ({ ...e.fault }));
  }

  clear(): void {
    this.entries = [];
  }

  /** Milliseconds to hold each private REST answer (the newest latency fault wins). */
  latencyMs(): number {
    return this.latest('latency')?.fault.latencyMs ?? 0;
  }

  /** True (and one spent) while a rate-limit fault has calls left. */
  takeRateLimit(): boolean {
    return this.spend('rate-limit') !== undefined;
  }

  /** The HTTP status to fail this call with, while a server-error burst has calls left. */
  takeServerError(): number | undefined {
    return this.spend('server-error')?.status;
  }

  /**
   * The stop-reject fault covering this symbol, if one is in force: one hit is counted (and one of
   * its count spent). The caller refuses the stop or drops it.
   */
  takeStopReject(symbol: string): ActivePrivateFault | undefined {
    const entry = this.latest('stop-reject', (f) => f.symbol === undefined || f.symbol === symbol);
    if (!entry) return undefined;
    const fault = entry.fault;
    fault.hits = (fault.hits ?? 0) + 1;
    if (fault.remaining !== undefined) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.entries = this.entries.filter((e) => e !== entry);
    }
    return fault;
  }

  /** Decides one order create's fate; a reject is drawn before a timeout. */
  createFate(): CreateFate {
    const reject = this.latest('reject');
    if (reject && reject.prng.next() < (reject.fault.share ?? 1)) {
      return { kind: 'reject', retCode: reject.fault.retCode ?? 10001 };
    }
    const timeout = this.latest('timeout-after-accept');
    if (timeout && timeout.prng.next() < (timeout.fault.share ?? 1)) {
      return { kind: 'timeout-after-accept' };
    }
    return { kind: 'normal' };
  }

  private latest(
    type: ActivePrivateFault['type'],
    covers: (fault: ActivePrivateFault) => boolean = () => true,
  ): Entry | undefined {
    this.expire();
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const { fault } = this.entries[i];
      if (fault.type === type && covers(fault)) return this.entries[i];
    }
    return undefined;
  }

  private spend(type: 'rate-limit' | 'server-error'): ActivePrivateFault | undefined {
    const entry = this.latest(type);
    if (!entry) return undefined;
    const fault = entry.fault;
    fault.remaining = (fault.remaining ?? 1) - 1;
    if (fault.remaining <= 0) this.entries = this.entries.filter((e) => e !== entry);
    return fault;
  }

  private expire(): void {
    const now = this.clock.now();
    this.entries = this.entries.filter((e) => e.fault.untilMs === null || now < e.fault.untilMs);
  }
}
