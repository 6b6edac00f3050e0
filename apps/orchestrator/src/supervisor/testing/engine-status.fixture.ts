import type { EngineStatus } from '../engine-status';

/** A plausible EngineStatus for unit tests; override what the test is about. */
export function engineStatus(symbol: string, over: Partial<EngineStatus> = {}): EngineStatus {
  return {
    symbol,
    status: 'running',
    desiredStatus: 'running',
    startedAt: '2026-01-01T00:00:00.000Z',
    uptimeSeconds: 10,
    lastHeartbeat: '2026-01-01T00:00:09.000Z',
    heartbeatAgeMs: 1000,
    eventsProcessed: 100,
    errorCount: 0,
    lastError: null,
    restartCount: 0,
    nextRestartAt: null,
    position: null,
    unrealizedPnl: '0',
    realizedPnl: '0',
    tradeCount: 0,
    feed: { connected: true, lastMessageAt: '2026-01-01T00:00:09.500Z', reconnects: 0 },
    reconcile: null,
    ...over,
  };
}
