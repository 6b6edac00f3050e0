import { isoOrNull, isoUtc, type Decimal } from '@flotilla/core';
import type {
  RiskRefusalReason,
  RiskStatus,
  StoredAuditEntry,
  TrackedOrder,
} from '@flotilla/execution';
import type { ExecutionStatusView, VenueBalance } from '@flotilla/engine';
import { positionOf, type EnginePosition } from '../supervisor/engine-status';

/*
 * The desk's domain values (Decimal, epoch ms) in their HTTP form (SPEC 6): decimals as strings,
 * times as ISO-8601 UTC, camelCase.
 */

const str = (d: Decimal): string => d.toFixed();
const strOrNull = (d: Decimal | null): string | null => (d === null ? null : d.toFixed());

export interface PositionJson extends EnginePosition {
  symbol: string;
  unrealizedPnl: string;
  realizedPnl: string;
  tradeCount: number;
  reconcile: string;
}

/** The engine's position, or null when it is flat. */
export function positionJson(symbol: string, s: ExecutionStatusView): PositionJson | null {
  const position = positionOf(s);
  if (position === null) return null;
  return {
    symbol,
    ...position,
    unrealizedPnl: str(s.unrealizedPnl),
    realizedPnl: str(s.realizedPnl),
    tradeCount: s.tradeCount,
    reconcile: s.reconcile.state,
  };
}

export interface OrderJson {
  clientOrderId: string;
  orderId: string | null;
  symbol: string;
  leg: string;
  side: string;
  type: string;
  state: string;
  qty: string;
  filledQty: string;
  price: string | null;
  avgPrice: string | null;
  triggerPrice: string | null;
  reduceOnly: boolean;
  signalId: string;
  traceId: string;
  createdAt: string;
  updatedAt: string;
  reason: string | null;
}

export function orderJson(o: TrackedOrder): OrderJson {
  return {
    clientOrderId: o.clientOrderId,
    orderId: o.orderId,
    symbol: o.symbol,
    leg: o.leg,
    side: o.side,
    type: o.type,
    state: o.state,
    qty: str(o.qty),
    filledQty: str(o.filledQty),
    price: strOrNull(o.price),
    avgPrice: strOrNull(o.avgPrice),
    triggerPrice: strOrNull(o.triggerPrice),
    reduceOnly: o.reduceOnly,
    signalId: o.signalId,
    traceId: o.traceId,
    createdAt: isoUtc(o.createdAtMs),
    updatedAt: isoUtc(o.updatedAtMs),
    reason: o.reason,
  };
}

export interface BalanceJson {
  currency: string;
  total: string;
  free: string;
  used: string;
}

export function balanceJson(b: VenueBalance): BalanceJson {
  return { currency: b.currency, total: str(b.total), free: str(b.free), used: str(b.used) };
}

export interface KillSwitchStateJson {
  engaged: boolean;
  at: string | null;
  by: string | null;
}

export interface RiskStatusJson {
  limits: {
    maxOpenPositions: number;
    maxTotalExposure: string;
    minOrderNotional: string;
    maxPositionNotional: string;
    dailyLossLimit: string;
  };
  openPositions: number;
  reservedPositions: number;
  exposure: string;
  reservedExposure: string;
  dailyRealizedPnl: string;
  dailyLossBreached: boolean;
  day: string;
  killSwitch: KillSwitchStateJson;
  /** Why a new entry would be refused right now (kill switch, daily loss), else null. */
  entriesBlocked: RiskRefusalReason | null;
  refusals: Record<RiskRefusalReason, number>;
}

export function killSwitchJson(s: RiskStatus['killSwitch']): KillSwitchStateJson {
  return { engaged: s.engaged, at: isoOrNull(s.atMs), by: s.by };
}

export function riskStatusJson(s: RiskStatus, blocked: RiskRefusalReason | null): RiskStatusJson {
  const l = s.limits;
  return {
    limits: {
      maxOpenPositions: l.maxOpenPositions,
      maxTotalExposure: str(l.maxTotalExposure),
      minOrderNotional: str(l.minOrderNotional),
      maxPositionNotional: str(l.maxPositionNotional),
      dailyLossLimit: str(l.dailyLossLimit),
    },
    openPositions: s.openPositions,
    reservedPositions: s.reservedPositions,
    exposure: str(s.exposure),
    reservedExposure: str(s.reservedExposure),
    dailyRealizedPnl: str(s.dailyRealizedPnl),
    dailyLossBreached: s.dailyLossBreached,
    day: s.day,
    killSwitch: killSwitchJson(s.killSwitch),
    entriesBlocked: blocked,
    refusals: { ...s.refusals },
  };
}

export interface AuditEntryJson {
  seq: number;
  at: string;
  symbol: string | null;
  action: string;
  traceId: string | null;
  actor: string;
  requestId: string | null;
  details: Record<string, string | number | boolean | null>;
}

export function auditEntryJson(e: StoredAuditEntry): AuditEntryJson {
  return {
    seq: e.seq,
    at: isoUtc(e.atMs),
    symbol: e.symbol,
    action: e.action,
    traceId: e.traceId,
    actor: e.actor,
    requestId: e.requestId,
    details: { ...e.details },
  };
}
