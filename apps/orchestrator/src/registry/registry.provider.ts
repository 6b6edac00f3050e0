import type { Provider } from '@nestjs/common';
import type { Clock } from '@flotilla/core';
import type { FlotillaConfig } from '@flotilla/config';
import type { Logging } from '@flotilla/logging';
import { createRegistry, registrySpoolPath, ResilientRegistry } from '@flotilla/registry';
import { CLOCK, CONFIG, LOGGING, REGISTRY } from '../runtime/tokens';

/**
 * The configured store (JSON file or Postgres) behind the resilient wrapper; opened (and migrated)
 * before boot goes on. Writes queued during a Postgres outage are spooled in DATA_DIR and replayed
 * on the next open, so kill -9 mid-outage loses none of them.
 */
export const registryProvider: Provider = {
  provide: REGISTRY,
  inject: [CONFIG, CLOCK, LOGGING],
  useFactory: async (
    config: FlotillaConfig,
    clock: Clock,
    logging: Logging,
  ): Promise<ResilientRegistry> => {
    const inner = createRegistry({
      kind: config.registry,
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl,
      clock,
      logger: logging.root,
    });
    const registry = new ResilientRegistry(inner, {
      clock,
      logger: logging.root,
      storeName: inner.describeStore(),
      initialBackoffMs: config.registryRetry?.initialMs,
      maxBackoffMs: config.registryRetry?.maxMs,
      spoolPath: registrySpoolPath(config.registry, config.dataDir),
      // No spool (JSON): a write the disk refuses is refused to the caller, never acknowledged.
      queueWithoutSpool: false,
    });
    await registry.open();
    return registry;
  },
};
