import type { Options } from '../args';
import type { ExitCode } from '../exit-codes';
import type { ApiClient } from '../http-client';
import type { Output } from '../output';

export interface CliClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface CommandContext {
  readonly args: readonly string[];
  readonly options: Options;
  readonly client: ApiClient;
  readonly output: Output;
  readonly clock: CliClock;
}

export type Command = (ctx: CommandContext) => Promise<ExitCode>;

/** A symbol as a URL path segment (the service validates and normalises it). */
export const seg = (symbol: string) => encodeURIComponent(symbol);

/** The engine states of SPEC 3, lowercase as in JSON (a spec checks them against libs/engine). */
export const ENGINE_STATES = [
  'stopped',
  'starting',
  'running',
  'paused',
  'stopping',
  'crashed',
  'backoff',
  'failed',
] as const;

export type EngineStateName = (typeof ENGINE_STATES)[number];

/** The parts of EngineStatus (GET /engines/status) the CLI shows. */
export interface EngineStatusJson {
  symbol: string;
  status: string;
  desiredStatus: string;
  startedAt: string | null;
  uptimeSeconds: number;
  heartbeatAgeMs: number | null;
  eventsProcessed: number;
  errorCount: number;
  lastError: string | null;
  restartCount: number;
  nextRestartAt: string | null;
  position: {
    side: string;
    qty: string;
    entryPrice: string | null;
    stopPrice: string | null;
  } | null;
  unrealizedPnl: string;
  realizedPnl: string;
  tradeCount: number;
  feed: { connected: boolean; lastMessageAt: string | null; reconnects: number };
}
