import type { Clock, StructuredLogger } from '@flotilla/core';
import type {
  EngineRegistryPort,
  EngineTransition,
  ExecutionFactory,
  MarketDataPort,
} from '@flotilla/engine';
import type { IntentSink, Signal, StrategyParams } from '@flotilla/trading';
import type { EngineStatus } from './engine-status';
import type { HealthConfig } from './health-monitor';
import type { RecoveryConfig } from './recovery-policy';

export interface EngineStateChange extends EngineTransition {
  status: EngineStatus;
}

export interface EngineManagerDeps {
  registry: EngineRegistryPort;
  marketData: MarketDataPort;
  clock: Clock;
  logger: StructuredLogger;
  engineLogger: (symbol: string) => StructuredLogger;
  recovery?: Partial<RecoveryConfig>;
  health?: Partial<HealthConfig>;
  /** The symbol's effective parameters (config defaults, file block, registry overrides); read on every start. */
  strategyParams: (symbol: string) => StrategyParams;
  /** Signals kept per engine (config `signalHistory`), read at every start; default 200. */
  signalHistorySize?: (symbol: string) => number | undefined;
  intents: IntentSink;
  /** The execution each start of symbol runs (signal → protected position); none: intents go to `intents`. */
  createExecution?: (symbol: string) => ExecutionFactory;
  onSignal?: (signal: Signal, tickToSignalMs: number) => void;
  onStateChange?: (change: EngineStateChange) => void;
  /** A start at boot that did not leave the engine running (it is failed or recovering, with lastError). */
  onResumeFailure?: (symbol: string, reason: string) => void;
  heartbeatIntervalMs?: number;
}

export interface SignalQuery {
  symbol?: string;
  /** Epoch ms; signals at or after it. */
  since?: number;
  /** Default 100, at most 1000. */
  limit?: number;
}
