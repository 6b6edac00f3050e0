import type { EngineStatus } from './engine-status';

/**
 * Which EngineStatus fields an operator acts on (what the fleet's ETag covers). Ages, uptimes,
 * heartbeat times and event counters move every second on a healthy engine; covering them would
 * hand a 1 s poller a new tag (and a full body) on every request. A new field must be decided here
 * (the Record type makes a missing one a compile error).
 */
export const OPERATOR_FIELDS: Readonly<Record<keyof EngineStatus, boolean>> = {
  symbol: true,
  status: true,
  desiredStatus: true,
  startedAt: true,
  uptimeSeconds: false,
  lastHeartbeat: false,
  heartbeatAgeMs: false,
  eventsProcessed: false,
  errorCount: true,
  lastError: true,
  restartCount: true,
  nextRestartAt: true,
  position: true,
  // moves with every book update while a position is open, like the ages above
  unrealizedPnl: false,
  realizedPnl: true,
  tradeCount: true,
  reconcile: true,
  // connected and reconnects only; lastMessageAt moves with every market-data message.
  feed: true,
};

const COVERED = (Object.keys(OPERATOR_FIELDS) as Array<keyof EngineStatus>).filter(
  (k) => OPERATOR_FIELDS[k],
);

/** What an operator acts on in one engine's status, as a string that changes only when that does. */
export function operatorTag(engine: EngineStatus): string {
  return JSON.stringify(
    COVERED.map((key) =>
      key === 'feed' ? [engine.feed.connected, engine.feed.reconnects] : engine[key],
    ),
  );
}
