import { Inject, Injectable, Logger } from '@nestjs/common';
import { Decimal, DomainError, errorMessage } from '@flotilla/core';
import { VenueError, type VenuePort } from '@flotilla/engine';
import type {
  AuditFilter,
  AuditReader,
  ExecutorView,
  OrderState,
  TrackedOrder,
} from '@flotilla/execution';
import { AUDIT_READER, EXECUTIONS, RISK, VENUE_PORT } from '../runtime/tokens';
import { aggregateStats, type ExecutionStatsJson } from './execution-stats';
import type { ExecutionRegistry } from './execution-registry';
import type { RiskControls } from './risk-controls';
import {
  auditEntryJson,
  balanceJson,
  orderJson,
  positionJson,
  riskStatusJson,
  type AuditEntryJson,
  type BalanceJson,
  type OrderJson,
  type PositionJson,
  type RiskStatusJson,
} from './trading-json';

/** `status=open`: every order that may still change on the venue. */
export const OPEN_ORDER_STATES: ReadonlySet<OrderState> = new Set([
  'new',
  'submitted',
  'accepted',
  'partially-filled',
  'unknown',
]);
export type OrderStatusFilter = OrderState | 'open';

export const DEFAULT_LIMIT = 100;

export interface OrdersQuery {
  symbol?: string;
  status?: OrderStatusFilter;
  /** Epoch ms: orders changed at or after. */
  since?: number;
  limit?: number;
}

export interface PositionsJson {
  positions: PositionJson[];
  totals: {
    /** Engines with a current run that the query covers, flat or not. */
    engines: number;
    openPositions: number;
    unrealizedPnl: string;
    realizedPnl: string;
  };
}

/** The operator's trading views (SPEC 6 /trading/*), read from the executors, the risk gate, the venue and the audit trail. */
@Injectable()
export class TradingDesk {
  private readonly logger = new Logger(TradingDesk.name);

  constructor(
    @Inject(EXECUTIONS) private readonly executions: ExecutionRegistry,
    @Inject(VENUE_PORT) private readonly venue: VenuePort,
    @Inject(RISK) private readonly risk: RiskControls,
    @Inject(AUDIT_READER) private readonly auditReader: AuditReader,
  ) {}

  private views(symbol?: string): ExecutorView[] {
    if (symbol === undefined) return this.executions.list();
    const view = this.executions.get(symbol);
    return view ? [view] : [];
  }

  /** Non-flat positions; the totals cover every engine the filter selects, flat ones included. */
  positions(symbol?: string): PositionsJson {
    const views = this.views(symbol);
    let unrealized = new Decimal(0);
    let realized = new Decimal(0);
    const positions: PositionJson[] = [];
    for (const view of views) {
      const status = view.status();
      unrealized = unrealized.plus(status.unrealizedPnl);
      realized = realized.plus(status.realizedPnl);
      const position = positionJson(view.symbol, status);
      if (position) positions.push(position);
    }
    return {
      positions,
      totals: {
        engines: views.length,
        openPositions: positions.length,
        unrealizedPnl: unrealized.toFixed(),
        realizedPnl: realized.toFixed(),
      },
    };
  }

  /** Newest change first. */
  orders(query: OrdersQuery = {}): OrderJson[] {
    const { status, since } = query;
    const keep = (o: TrackedOrder) =>
      (status === undefined ||
        (status === 'open' ? OPEN_ORDER_STATES.has(o.state) : o.state === status)) &&
      (since === undefined || o.updatedAtMs >= since);
    return this.views(query.symbol)
      .flatMap((view) => view.orders().filter(keep))
      .sort((a, b) => b.updatedAtMs - a.updatedAtMs)
      .slice(0, query.limit ?? DEFAULT_LIMIT)
      .map(orderJson);
  }

  /**
   * The account's balance as the venue reports it now. Any failure is a 503 naming it: a venue
   * error with its kind, an account the configuration cannot use (VENUE=live without keys), or a
   * connection that failed (its detail goes to the log only: ccxt's messages carry URLs).
   */
  async balance(): Promise<BalanceJson> {
    try {
      return balanceJson(await this.venue.balance());
    } catch (e) {
      throw new DomainError('VENUE_UNAVAILABLE', this.balanceFailure(e));
    }
  }

  private balanceFailure(e: unknown): string {
    if (e instanceof VenueError) {
      return `the venue did not answer the balance request (${e.kind}): ${e.message}`;
    }
    if (e instanceof DomainError) return `the venue account is not usable: ${e.message}`;
    this.logger.error(`balance: the venue could not be reached: ${errorMessage(e)}`);
    return 'the venue could not be reached to read the balance (the log has the detail)';
  }

  riskStatus(): RiskStatusJson {
    const risk = this.risk;
    return riskStatusJson(risk.status(), risk.entriesBlocked());
  }

  executionStats(symbol?: string): ExecutionStatsJson {
    return aggregateStats(this.views(symbol).map((view) => view.stats()));
  }

  /** Newest first. */
  async audit(filter: AuditFilter): Promise<AuditEntryJson[]> {
    const reader = this.auditReader;
    const entries = await reader.query({ ...filter, limit: filter.limit ?? DEFAULT_LIMIT });
    return entries.map(auditEntryJson);
  }
}
