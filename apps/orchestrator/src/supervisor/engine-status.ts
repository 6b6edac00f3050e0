import { isoOrNull, type FeedHealth } from '@flotilla/core';
import type { DesiredState, EngineSnapshot, EngineState } from '@flotilla/engine';

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
  /** null until execution exists. */
  position: null;
  unrealizedPnl: string;
  realizedPnl: string;
  tradeCount: number;
  feed: { connected: boolean; lastMessageAt: string | null; reconnects: number };
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
    position: null,
    unrealizedPnl: '0',
    realizedPnl: '0',
    tradeCount: 0,
    feed: {
      connected: feed?.connected ?? false,
      lastMessageAt: isoOrNull(feed?.lastMessageAt ?? null),
      reconnects: feed?.reconnects ?? 0,
    },
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
