import { createHash } from 'node:crypto';
import type { EngineStatus, FleetStatus } from '../supervisor';

/**
 * Which EngineStatus fields the fleet ETag covers: what an operator acts on. Ages, uptimes,
 * heartbeat times and event counters move every second on a healthy engine; hashing them would
 * hand a 1 s poller a new tag (and a full body) on every request. A new field must be decided here
 * (the Record type makes a missing one a compile error).
 */
export const ETAG_FIELDS: Readonly<Record<keyof EngineStatus, boolean>> = {
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

const HASHED = (Object.keys(ETAG_FIELDS) as Array<keyof EngineStatus>).filter(
  (k) => ETAG_FIELDS[k],
);

function operatorView(engine: EngineStatus): unknown[] {
  return HASHED.map((key) =>
    key === 'feed' ? [engine.feed.connected, engine.feed.reconnects] : engine[key],
  );
}

/** Weak entity tag of a fleet status: changes only when something an operator acts on changes. */
export function fleetEtag(fleet: FleetStatus): string {
  const hash = createHash('sha1').update(
    JSON.stringify([fleet.total, fleet.running, fleet.crashed, fleet.stopped, fleet.failed]),
  );
  for (const engine of fleet.engines) hash.update(JSON.stringify(operatorView(engine)));
  return `W/"${hash.digest('base64url')}"`;
}
