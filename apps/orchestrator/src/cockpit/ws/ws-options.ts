import type { Clock } from '@flotilla/core';

/** How `/ws` paces and bounds itself; every field has a default (cockpit.module.ts), tests inject their own. */
export interface CockpitWsOptions {
  /** Heartbeat frames and WS pings; a peer that misses two pings is terminated. */
  readonly heartbeatMs: number;
  /** The fleet differ's period: at most one diff frame per client per period. */
  readonly diffIntervalMs: number;
  /** How often the fleet diff carries lastHeartbeat, eventsProcessed and feed.lastMessageAt. */
  readonly volatileDiffIntervalMs: number;
  /** engine:S `tick` period (mid and PnL for sparklines). */
  readonly tickMs: number;
  /** Frames a client may have waiting beyond its socket's buffer; beyond it the oldest events are dropped. */
  readonly maxQueuedFrames: number;
  /** The socket's bufferedAmount (and the queue's bytes) a client may hold; over it for graceMs: closed 4008. */
  readonly hardLimitBytes: number;
  /** How long bufferedAmount may stay over hardLimitBytes before the client is closed 4008. */
  readonly slowConsumerGraceMs: number;
  /** A browser's first message must authenticate within this; else closed 4401. */
  readonly authTimeoutMs: number;
  /** Sockets that may wait for their first (auth) message at once; more are refused 503 on the upgrade. */
  readonly maxUnauthenticated: number;
  /** Largest message a client may send. */
  readonly maxMessageBytes: number;
  /** Timers and time; default the app's CLOCK. */
  readonly clock?: Clock;
}

export const COCKPIT_WS_OPTIONS = Symbol('COCKPIT_WS_OPTIONS');

export const DEFAULT_WS_OPTIONS: CockpitWsOptions = {
  heartbeatMs: 15_000,
  diffIntervalMs: 250,
  volatileDiffIntervalMs: 2_000,
  tickMs: 1_000,
  maxQueuedFrames: 512,
  hardLimitBytes: 1024 * 1024,
  slowConsumerGraceMs: 1_000,
  authTimeoutMs: 5_000,
  maxUnauthenticated: 256,
  maxMessageBytes: 64 * 1024,
};

/** Close codes of the protocol (docs/ws-protocol.md). */
export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_SLOW_CONSUMER = 4008;
export const CLOSE_GOING_AWAY = 1001;
