import { Market, SimTrade } from '../market';
import { TickLevel } from '../order-book';
import { parseUnits } from '../units';
import { UpstreamPrint } from './mirror-types';
import { UpstreamFrame } from './upstream-frames';

export type MirrorApply =
  | { readonly result: 'applied'; readonly trades: SimTrade[] }
  | { readonly result: 'gap' | 'unsynced' | 'bad' };

/**
 * One symbol's mirrored book: applies the upstream's orderbook snapshot/delta and publicTrade
 * frames to the simulator's Market. A delta whose u is not the previous u + 1 is a gap: the book
 * waits for a fresh snapshot (the caller resubscribes) and ignores deltas until then.
 */
export class MirrorBook {
  private lastU: number | null = null;
  lastUpdateMs: number | null = null;
  gaps = 0;

  constructor(readonly market: Market) {}

  get synced(): boolean {
    return this.lastU !== null;
  }

  apply(frame: UpstreamFrame, nowMs: number): MirrorApply {
    if (frame.kind === 'other') return { result: 'bad' };
    if (frame.kind === 'trades') {
      const prints = frame.trades.map((t) => this.print(t.id, t.side, t.price, t.size));
      if (prints.some((p) => p === null)) return { result: 'bad' };
      return this.applied(nowMs, 0, null, prints as UpstreamPrint[]);
    }
    if (!frame.snapshot) {
      if (this.lastU === null) return { result: 'unsynced' };
      if (frame.u !== this.lastU + 1) {
        this.lastU = null;
        this.gaps++;
        return { result: 'gap' };
      }
    }
    const bids = this.levels(frame.bids);
    const asks = this.levels(frame.asks);
    if (bids === null || asks === null) return { result: 'bad' };
    this.lastU = frame.u;
    return this.applied(nowMs, frame.seq, { snapshot: frame.snapshot, bids, asks }, []);
  }

  /** The socket closed: the book is unsynced until the next snapshot. */
  reset(): void {
    this.lastU = null;
  }

  private applied(
    nowMs: number,
    seq: number,
    book: Parameters<Market['applyUpstream']>[2],
    prints: UpstreamPrint[],
  ): MirrorApply {
    this.lastUpdateMs = nowMs;
    return { result: 'applied', trades: this.market.applyUpstream(nowMs, seq, book, prints) };
  }

  private levels(levels: readonly (readonly [string, string])[]): TickLevel[] | null {
    const out: TickLevel[] = [];
    for (const [price, size] of levels) {
      const ticks = this.ticks(price);
      const steps = size === '0' ? 0 : this.steps(size);
      if (ticks === null || steps === null) return null;
      out.push([ticks, steps]);
    }
    return out;
  }

  private print(
    id: string,
    side: 'Buy' | 'Sell',
    price: string,
    size: string,
  ): UpstreamPrint | null {
    const priceTicks = this.ticks(price);
    const sizeSteps = this.steps(size);
    if (priceTicks === null || sizeSteps === null) return null;
    return { id, side, priceTicks, sizeSteps };
  }

  private ticks(price: string): number | null {
    const { spec, unitsPerTick } = this.market.grid;
    const units = parseUnits(price, spec.priceScale);
    return units === null || units % unitsPerTick !== 0 ? null : units / unitsPerTick;
  }

  private steps(size: string): number | null {
    const { qtyScale, unitsPerStep } = this.market.grid;
    const units = parseUnits(size, qtyScale);
    return units === null || units % unitsPerStep !== 0 ? null : units / unitsPerStep;
  }
}
