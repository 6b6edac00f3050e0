import { join } from 'node:path';
import { DomainError, type Clock, type StructuredLogger } from '@flotilla/core';
import type { EngineRegistryPort } from '@flotilla/engine';
import { JsonFileRegistry } from './json/json-file-registry';
import type { ConnectRetryOptions } from './postgres/connect';
import type { PostgresConnectionOptions } from './postgres/data-source';
import { PostgresRegistry } from './postgres/postgres-registry';
import { REGISTRY_SPOOL_FILE } from './resilient/outage-spool';

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

/**
 * Where ResilientRegistry spools writes queued during an outage, or undefined for none. The JSON
 * store needs none: its store is the disk in DATA_DIR, so a spool beside it would fail with it,
 * and whenever the disk takes a write the JSON file itself is already durable.
 */
export function registrySpoolPath(kind: RegistryKind, dataDir: string): string | undefined {
  switch (kind) {
    case 'json':
      return undefined;
    case 'postgres':
      return join(dataDir, REGISTRY_SPOOL_FILE);
  }
}
