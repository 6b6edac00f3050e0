import type { Provider } from '@nestjs/common';
import type { Clock } from '@flotilla/core';
import type { FlotillaConfig } from '@flotilla/config';
import type { ExecutionFactory, VenuePort } from '@flotilla/engine';
import {
  AuditTrail,
  Executor,
  JsonRiskStateStore,
  RiskManager,
  type AuditSink,
} from '@flotilla/execution';
import { MetricsService } from '../metrics/metrics.service';
import { CountingAuditSink } from './audit-metrics';
import type { CockpitBus } from '../cockpit/cockpit-bus';
import { PublishingAuditSink } from '../cockpit/cockpit-taps';
import { AlertService } from '../cockpit/alerts/alert.service';
import { AlertingAuditSink } from '../cockpit/alerts/alerting-audit-sink';
import type { Logging } from '@flotilla/logging';
import { PostgresRegistry } from '@flotilla/registry';
import { clientOrderId } from '@flotilla/venue';
import { EngineOverridesService } from '../runtime/engine-overrides.service';
import { executionSettingsFor, riskLimitsFrom } from '../runtime/execution-settings';
import {
  AUDIT_READER,
  AUDIT_SINK,
  AUDIT_TRAIL,
  CLOCK,
  COCKPIT_BUS,
  CONFIG,
  EXECUTION_FACTORY,
  EXECUTIONS,
  LOGGING,
  REGISTRY_STORE,
  RISK,
  VENUE_PORT,
} from '../runtime/tokens';
import { ExecutionRegistry } from '../trading/execution-registry';

/** Builds one engine's execution for each start of that engine. */
export type ExecutionFactoryFor = (symbol: string) => ExecutionFactory;

/**
 * Execution's shared parts: the RiskManager (its kill switch and day in DATA_DIR/risk-state.json),
 * the audit trail (JSONL under DATA_DIR/audit/, and the audit table when REGISTRY=postgres), and
 * the factory that gives every engine run a fresh Executor on the account's one VenuePort.
 */
export const executionProviders: Provider[] = [
  { provide: EXECUTIONS, useFactory: () => new ExecutionRegistry() },
  {
    provide: RISK,
    inject: [CONFIG, CLOCK, LOGGING, EngineOverridesService],
    useFactory: (
      config: FlotillaConfig,
      clock: Clock,
      logging: Logging,
      overrides: EngineOverridesService,
    ): Promise<RiskManager> =>
      RiskManager.open({
        limits: riskLimitsFrom(config),
        maxPositionNotionalFor: (symbol) =>
          executionSettingsFor(config, symbol, overrides.get(symbol)).maxPositionNotional,
        clock,
        logger: logging.root,
        store: new JsonRiskStateStore(config.dataDir, clock),
      }),
  },
  {
    provide: AUDIT_TRAIL,
    inject: [CONFIG, CLOCK, LOGGING, REGISTRY_STORE],
    useFactory: (
      config: FlotillaConfig,
      clock: Clock,
      logging: Logging,
      store: unknown,
    ): AuditTrail =>
      new AuditTrail({
        dataDir: config.dataDir,
        clock,
        logger: logging.root,
        port: store instanceof PostgresRegistry ? store : null,
      }),
  },
  {
    provide: AUDIT_SINK,
    inject: [AUDIT_TRAIL, MetricsService, COCKPIT_BUS, AlertService],
    useFactory: (
      trail: AuditTrail,
      metrics: MetricsService,
      bus: CockpitBus,
      alerts: AlertService,
    ): AuditSink =>
      new CountingAuditSink(
        new AlertingAuditSink(new PublishingAuditSink(trail, bus), alerts),
        metrics.registry,
      ),
  },
  { provide: AUDIT_READER, useExisting: AUDIT_TRAIL },
  {
    provide: EXECUTION_FACTORY,
    inject: [
      CONFIG,
      CLOCK,
      LOGGING,
      VENUE_PORT,
      RISK,
      AUDIT_TRAIL,
      AUDIT_SINK,
      EXECUTIONS,
      EngineOverridesService,
      MetricsService,
    ],
    useFactory:
      (
        config: FlotillaConfig,
        clock: Clock,
        logging: Logging,
        venue: VenuePort,
        risk: RiskManager,
        trail: AuditTrail,
        audit: AuditSink,
        executions: ExecutionRegistry,
        overrides: EngineOverridesService,
        metrics: MetricsService,
      ): ExecutionFactoryFor =>
      (symbol) =>
      (host) => {
        const executor = new Executor({
          host,
          venue,
          risk,
          audit,
          auditReader: trail,
          settings: executionSettingsFor(config, symbol, overrides.get(symbol)),
          clock,
          logger: logging.forSymbol(symbol),
          clientOrderIdOf: clientOrderId,
          onEntryAck: (ms) => metrics.observeEntryAck(ms),
        });
        executions.register(symbol, executor);
        return executor;
      },
  },
];
