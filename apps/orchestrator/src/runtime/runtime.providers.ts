import type { Provider } from '@nestjs/common';
import type { Clock } from '@flotilla/core';
import { databaseUrlSecrets, webhookUrlSecrets, type FlotillaConfig } from '@flotilla/config';
import type { EngineRegistryPort } from '@flotilla/engine';
import { createLogging, type Logging } from '@flotilla/logging';
import type { MarketDataHub } from '@flotilla/market-data';
import { RecordingIntentSink, type IntentSink } from '@flotilla/trading';
import type { ExecutionFactoryFor } from '../execution/execution.providers';
import { MetricsService } from '../metrics/metrics.service';
import { EngineManager, engineHeartbeatIntervalMs, supervisorLogger } from '../supervisor';
import { CockpitBus } from '../cockpit/cockpit-bus';
import { publishSignal, publishStateChange } from '../cockpit/cockpit-taps';
import { EngineOverridesService } from './engine-overrides.service';
import { signalHistoryFor, strategyParamsFor } from './engine-params';
import {
  CLOCK,
  COCKPIT_BUS,
  CONFIG,
  ENGINE_MANAGER,
  EXECUTION_FACTORY,
  INTENT_SINK,
  LOGGING,
  MARKET_DATA,
  REGISTRY,
} from './tokens';

export function createLoggingFor(config: FlotillaConfig): Logging {
  return createLogging({
    dataDir: config.dataDir,
    level: config.logLevel,
    maxFileSizeMb: config.logging.maxFileSizeMb,
    retentionDays: config.logging.retentionDays,
    maxFilesPerStream: config.logging.maxFilesPerStream,
    console: config.logging.console,
    consoleFormat: config.logFormat,
    secrets: [
      config.apiToken,
      ...databaseUrlSecrets(config.databaseUrl),
      ...webhookUrlSecrets(config.alertWebhookUrl),
      config.exchange.apiKey,
      config.exchange.apiSecret,
    ].filter((s): s is string => typeof s === 'string'),
  });
}

/** The supervisor and what it needs beyond the venue and the registry. */
export const supervisorProviders: Provider[] = [
  {
    provide: COCKPIT_BUS,
    inject: [LOGGING],
    useFactory: (logging: Logging): CockpitBus =>
      new CockpitBus((err) =>
        logging.root.error('cockpit listener failed', {
          error: (err as Error)?.message ?? String(err),
        }),
      ),
  },
  { provide: INTENT_SINK, useFactory: (): IntentSink => new RecordingIntentSink() },
  {
    provide: ENGINE_MANAGER,
    inject: [
      CONFIG,
      CLOCK,
      LOGGING,
      MARKET_DATA,
      REGISTRY,
      INTENT_SINK,
      MetricsService,
      EngineOverridesService,
      EXECUTION_FACTORY,
      COCKPIT_BUS,
    ],
    useFactory: (
      config: FlotillaConfig,
      clock: Clock,
      logging: Logging,
      marketData: MarketDataHub,
      registry: EngineRegistryPort,
      intents: IntentSink,
      metrics: MetricsService,
      overrides: EngineOverridesService,
      createExecution: ExecutionFactoryFor,
      bus: CockpitBus,
    ) =>
      new EngineManager({
        registry,
        marketData,
        clock,
        logger: supervisorLogger(logging.root, (symbol) => logging.forSymbol(symbol)),
        engineLogger: (symbol) => logging.forSymbol(symbol),
        recovery: config.recovery,
        health: config.health,
        heartbeatIntervalMs: engineHeartbeatIntervalMs(config.health.heartbeatTimeoutMs),
        strategyParams: (symbol) => strategyParamsFor(config, symbol, overrides.get(symbol)),
        signalHistorySize: (symbol) => signalHistoryFor(config, symbol, overrides.get(symbol)),
        intents,
        createExecution,
        onSignal: (signal, tickToSignalMs) => {
          metrics.observeSignal(signal.symbol, tickToSignalMs);
          publishSignal(bus, signal);
        },
        onStateChange: (change) => {
          metrics.observeTransition(change);
          publishStateChange(bus, change);
        },
        onResumeFailure: () => metrics.observeResumeFailure(),
      }),
  },
];
