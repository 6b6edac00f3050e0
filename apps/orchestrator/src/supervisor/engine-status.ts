import { isoOrNull, toWire, type Decimal, type FeedHealth } from '@flotilla/core';
import type {
  DesiredState,
  EngineSnapshot,
  EngineState,
  ExecutionStatusView,
} from '@flotilla/engine';

/** SPEC 6 EngineStatus: camelCase, decimals as strings, times as ISO-8601 UTC. */
export interface EngineStatus {
  symbol: string;
  status: EngineState;
  desiredStatus: DesiredState;
  startedAt: string | null;
  uptimeSeconds: number;
  lastHeartbeat: string | null;
  heartbeatAgeMs: number | null;
  eventsProcessed: number;
  errorCount: number;
  lastError: string | null;
  restartCount: number;
  nextRestartAt: string | null;
  /** The engine's open position (from its execution, confirmed by the venue), null when flat. */
  position: EnginePosition | null;
  unrealizedPnl: string;
  realizedPnl: string;
  tradeCount: number;
  feed: { connected: boolean; lastMessageAt: string | null; reconnects: number };
  /** Reconciliation with the venue at the run's start; no entry before `done`. null: no execution. */
  reconcile: {
    state: 'pending' | 'running' | 'done' | 'failed';
    at: string | null;
    differences: number;
    error: string | null;
  } | null;
}

export interface EnginePosition {
  state: string;
  side: 'long' | 'short';
  qty: string;
  entryPrice: string | null;
  stopPrice: string | null;
  /** A venue-side stop was read back from the venue. */
  stopConfirmed: boolean;
  takeProfitPrice: string | null;
  openedAt: string | null;
  /** The trailing stop; null while the position has none (opening). */
  trailing: { active: boolean; bestPrice: string | null; lastMoveAt: string | null } | null;
  /** young, break-even (exit at the entry price) or closing-in (exit price moving). */
  ageStage: 'young' | 'break-even' | 'closing-in' | null;
  /** The aged position's one exit order. */
  exitOrder: { clientOrderId: string; price: string } | null;
}

const wireOrNull = (d: Decimal | null): string | null => (d === null ? null : toWire(d));

/** An execution's position in its HTTP form; null when flat. Shared by the status and the trading views. */
export function positionOf(x: ExecutionStatusView | null): EnginePosition | null {
  const p = x?.position;
  if (!p || p.side === 'flat' || p.qty.isZero()) return null;
  return {
    state: p.state,
    side: p.side,
    qty: toWire(p.qty),
    entryPrice: wireOrNull(p.entryPrice),
    stopPrice: wireOrNull(p.stopPrice),
    stopConfirmed: p.stopConfirmed,
    takeProfitPrice: wireOrNull(p.takeProfitPrice),
    openedAt: isoOrNull(p.openedAtMs),
    trailing: p.trailing
      ? {
          active: p.trailing.active,
          bestPrice: wireOrNull(p.trailing.bestPrice),
          lastMoveAt: isoOrNull(p.trailing.lastMoveAtMs),
        }
      : null,
    ageStage: p.ageStage ?? null,
    exitOrder: p.exitOrder
      ? { clientOrderId: p.exitOrder.clientOrderId, price: toWire(p.exitOrder.price) }
      : null,
  };
}

export interface FleetStatus {
  total: number;
  running: number;
  /** crashed or in backoff waiting for a restart. */
  crashed: number;
  stopped: number;
  failed: number;
  engines: EngineStatus[];
}

const LIVE: ReadonlySet<EngineState> = new Set(['starting', 'running', 'paused']);

export function buildEngineStatus(
  snap: EngineSnapshot,
  desired: DesiredState,
  restartCount: number,
  feed: FeedHealth | null,
  nowMs: number,
): EngineStatus {
  const live = LIVE.has(snap.state);
  return {
    symbol: snap.symbol,
    status: snap.state,
    desiredStatus: desired,
    startedAt: live ? isoOrNull(snap.startedAtMs) : null,
    uptimeSeconds:
      live && snap.startedAtMs !== null
        ? Math.max(0, Math.floor((nowMs - snap.startedAtMs) / 1000))
        : 0,
    lastHeartbeat: isoOrNull(snap.lastHeartbeatMs),
    heartbeatAgeMs:
      snap.lastHeartbeatMs === null ? null : Math.max(0, nowMs - snap.lastHeartbeatMs),
    eventsProcessed: snap.eventsProcessed,
    errorCount: snap.errorCount,
    lastError: snap.lastError,
    restartCount,
    nextRestartAt: isoOrNull(snap.nextRestartAtMs),
    position: positionOf(snap.execution),
    unrealizedPnl: snap.execution ? toWire(snap.execution.unrealizedPnl) : '0',
    realizedPnl: snap.execution ? toWire(snap.execution.realizedPnl) : '0',
    tradeCount: snap.execution?.tradeCount ?? 0,
    feed: {
      connected: feed?.connected ?? false,
      lastMessageAt: isoOrNull(feed?.lastMessageAt ?? null),
      reconnects: feed?.reconnects ?? 0,
    },
    reconcile: snap.execution
      ? {
          state: snap.execution.reconcile.state,
          at: isoOrNull(snap.execution.reconcile.atMs),
          differences: snap.execution.reconcile.differences,
          error: snap.execution.reconcile.error,
        }
      : null,
  };
}

export function summarizeFleet(engines: EngineStatus[]): FleetStatus {
  const count = (...states: EngineState[]) =>
    engines.filter((e) => states.includes(e.status)).length;
  return {
    total: engines.length,
    running: count('running', 'paused', 'starting'),
    crashed: count('crashed', 'backoff'),
    stopped: count('stopped', 'stopping'),
    failed: count('failed'),
    engines,
  };
}
