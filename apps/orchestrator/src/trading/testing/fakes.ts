import { Decimal } from '@flotilla/core';
import type { ExecutionStatusView, VenueBalance } from '@flotilla/engine';
import type {
  AuditEntry,
  AuditFilter,
  AuditReader,
  AuditSink,
  ExecutionStats,
  ExecutorView,
  RiskDecision,
  RiskRefusalReason,
  RiskStatus,
  StoredAuditEntry,
  TrackedOrder,
} from '@flotilla/execution';
import type { RiskControls } from '../risk-controls';

/* Small fakes of the desk's ports for its controller specs; @flotilla/execution/testing may replace them. */

export const T0 = Date.UTC(2026, 10, 25, 7, 0, 0);

type PositionView = NonNullable<ExecutionStatusView['position']>;

export function flatStatus(realizedPnl = '0'): ExecutionStatusView {
  return {
    position: null,
    unrealizedPnl: new Decimal(0),
    realizedPnl: new Decimal(realizedPnl),
    tradeCount: 0,
    reconcile: { state: 'done', atMs: T0, differences: 0, error: null },
  };
}

export function longStatus(
  qty: string,
  entry: string,
  pnl: { unrealized: string; realized: string },
  position: Partial<PositionView> = {},
): ExecutionStatusView {
  return {
    position: {
      state: 'open',
      side: 'long',
      qty: new Decimal(qty),
      entryPrice: new Decimal(entry),
      stopPrice: new Decimal(entry).mul('0.99'),
      stopConfirmed: true,
      takeProfitPrice: new Decimal(entry).mul('1.02'),
      openedAtMs: T0,
      ...position,
    },
    unrealizedPnl: new Decimal(pnl.unrealized),
    realizedPnl: new Decimal(pnl.realized),
    tradeCount: 1,
    reconcile: { state: 'done', atMs: T0, differences: 0, error: null },
  };
}

export function order(o: Partial<TrackedOrder> & Pick<TrackedOrder, 'symbol'>): TrackedOrder {
  return {
    clientOrderId: `fl-${o.symbol}-x-e`,
    orderId: 'o-1',
    leg: 'entry',
    side: 'buy',
    type: 'market',
    state: 'filled',
    qty: new Decimal('0.0015'),
    filledQty: new Decimal('0.0015'),
    price: null,
    avgPrice: new Decimal('64000.5'),
    triggerPrice: null,
    reduceOnly: false,
    signalId: `${o.symbol}-1`,
    traceId: `${o.symbol}-1`,
    createdAtMs: T0,
    updatedAtMs: T0,
    reason: null,
    ...o,
  };
}

export function stats(s: Partial<ExecutionStats> = {}): ExecutionStats {
  return {
    signals: 0,
    entriesSubmitted: 0,
    entriesFilled: 0,
    entriesRejected: 0,
    riskRefusals: 0,
    signalToAckMs: [],
    slippageBps: [],
    ...s,
  };
}

export class FakeExecutorView implements ExecutorView {
  constructor(
    readonly symbol: string,
    public current: ExecutionStatusView = flatStatus(),
    public tracked: TrackedOrder[] = [],
    public counters: ExecutionStats = stats(),
  ) {}
  status(): ExecutionStatusView {
    return this.current;
  }
  orders(): readonly TrackedOrder[] {
    return this.tracked;
  }
  stats(): ExecutionStats {
    return this.counters;
  }
}

const NO_REFUSALS: Record<RiskRefusalReason, number> = {
  'kill-switch': 0,
  'daily-loss': 0,
  'max-open-positions': 0,
  'max-exposure': 0,
  'min-notional': 0,
  'max-position': 0,
  'position-open': 0,
};

/** Holds the kill switch and the daily loss; the entry path (reserve, commit…) is not the desk's. */
export class FakeRiskControls implements RiskControls {
  killSwitch: RiskStatus['killSwitch'] = { engaged: false, atMs: null, by: null };
  dailyRealizedPnl = new Decimal(0);
  readonly calls: string[] = [];
  constructor(private readonly now: () => number = () => T0) {}

  async engageKillSwitch(by: string): Promise<void> {
    this.calls.push(`engage:${by}`);
    await Promise.resolve();
    if (!this.killSwitch.engaged) this.killSwitch = { engaged: true, atMs: this.now(), by };
  }
  releaseKillSwitch(by: string): void {
    this.calls.push(`release:${by}`);
    this.killSwitch = { engaged: false, atMs: null, by: null };
  }
  resetDailyLoss(actor: string): void {
    this.calls.push(`reset:${actor}`);
    this.dailyRealizedPnl = new Decimal(0);
  }
  entriesBlocked(): RiskRefusalReason | null {
    if (this.killSwitch.engaged) return 'kill-switch';
    return this.breached() ? 'daily-loss' : null;
  }
  private breached(): boolean {
    return this.dailyRealizedPnl.neg().gte(500);
  }
  status(): RiskStatus {
    return {
      limits: {
        maxOpenPositions: 5,
        maxTotalExposure: new Decimal(10000),
        minOrderNotional: new Decimal(5),
        maxPositionNotional: new Decimal(1000),
        dailyLossLimit: new Decimal(500),
      },
      openPositions: 1,
      reservedPositions: 0,
      exposure: new Decimal('100.2'),
      reservedExposure: new Decimal(0),
      dailyRealizedPnl: this.dailyRealizedPnl,
      dailyLossBreached: this.breached(),
      day: '2026-11-25',
      killSwitch: this.killSwitch,
      refusals: { ...NO_REFUSALS, 'max-open-positions': 2 },
    };
  }
  reserve(): RiskDecision {
    throw new Error('not used by the desk');
  }
  commit(): void {}
  release(): void {}
  adopt(): void {}
  closed(): void {}
  recordRealized(): void {}
}

export class MemoryAudit implements AuditSink, AuditReader {
  readonly entries: StoredAuditEntry[] = [];
  readonly queries: AuditFilter[] = [];
  append(entry: AuditEntry): void {
    this.entries.push({ ...entry, seq: this.entries.length + 1 });
  }
  async query(filter: AuditFilter): Promise<StoredAuditEntry[]> {
    this.queries.push(filter);
    await Promise.resolve();
    return this.entries
      .filter(
        (e) =>
          (filter.symbol === undefined || e.symbol === filter.symbol) &&
          (filter.action === undefined || e.action === filter.action) &&
          (filter.since === undefined || e.atMs >= filter.since) &&
          (filter.traceId === undefined || e.traceId === filter.traceId),
      )
      .reverse()
      .slice(0, filter.limit ?? 100);
  }
  async fills(symbol: string): Promise<StoredAuditEntry[]> {
    await Promise.resolve();
    return this.entries.filter((e) => e.symbol === symbol && e.action === 'fill');
  }
}

/** Only balance() is the desk's; the rest of VenuePort is never called by it. */
export class FakeBalanceVenue {
  static readonly DEFAULT: VenueBalance = {
    currency: 'USDT',
    total: new Decimal('10000.25'),
    free: new Decimal('9900.15'),
    used: new Decimal('100.1'),
  };
  answer: VenueBalance | Error = FakeBalanceVenue.DEFAULT;
  async balance(): Promise<VenueBalance> {
    await Promise.resolve();
    if (this.answer instanceof Error) throw this.answer;
    return this.answer;
  }
}
