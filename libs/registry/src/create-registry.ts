import { DomainError, type Clock, type StructuredLogger } from '@flotilla/core';
import type { EngineRegistryPort } from '@flotilla/engine';
import { JsonFileRegistry } from './json/json-file-registry';
import type { ConnectRetryOptions } from './postgres/connect';
import type { PostgresConnectionOptions } from './postgres/data-source';
import { PostgresRegistry } from './postgres/postgres-registry';

export type RegistryKind = 'json' | 'postgres';

export interface RegistryConfig {
  kind: RegistryKind;
  dataDir: string;
  databaseUrl?: string;
  clock?: Clock;
  logger?: StructuredLogger;
  connection?: PostgresConnectionOptions;
  retry?: ConnectRetryOptions;
}

/** The adapter REGISTRY names; not opened yet. Wrap it in ResilientRegistry for outage tolerance. */
export function createRegistry(
  config: RegistryConfig,
): EngineRegistryPort & { describeStore(): string } {
  const { kind, clock, logger } = config;
  switch (kind) {
    case 'json':
      return JsonFileRegistry.inDataDir(config.dataDir, { clock, logger });
    case 'postgres':
      if (!config.databaseUrl) {
        throw new DomainError('INVALID_CONFIG', 'REGISTRY=postgres needs DATABASE_URL to be set');
      }
      return new PostgresRegistry({
        databaseUrl: config.databaseUrl,
        clock,
        logger,
        connection: config.connection,
        retry: config.retry,
      });
  }
}
