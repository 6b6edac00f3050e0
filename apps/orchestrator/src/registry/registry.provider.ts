import type { Provider } from '@nestjs/common';
import type { Clock } from '@flotilla/core';
import type { FlotillaConfig } from '@flotilla/config';
import type { EngineRegistryPort } from '@flotilla/engine';
import type { Logging } from '@flotilla/logging';
import {
  createRegistry,
  LeaseKeeper,
  LocalLease,
  newHolderId,
  PostgresLeaseStore,
  PostgresRegistry,
  registrySpoolPath,
  ResilientRegistry,
  type OwnershipLease,
} from '@flotilla/registry';
import { CLOCK, CONFIG, LOGGING, OWNERSHIP, REGISTRY, REGISTRY_STORE } from '../runtime/tokens';

/** What the fleet's lease covers; per-symbol leases will name their symbol instead. */
export const FLEET_LEASE = 'fleet';

type Store = EngineRegistryPort & { describeStore(): string };

/** The configured adapter (JSON file or Postgres), not opened yet. */
const storeProvider: Provider = {
  provide: REGISTRY_STORE,
  inject: [CONFIG, CLOCK, LOGGING],
  useFactory: (config: FlotillaConfig, clock: Clock, logging: Logging): Store =>
    createRegistry({
      kind: config.registry,
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl,
      clock,
      logger: logging.root,
    }),
};

/**
 * Postgres: a lease row kept by a LeaseKeeper, and every registry write fenced by its epoch.
 * JSON: the DATA_DIR lock taken in main.ts already made this process the only owner.
 */
const ownershipProvider: Provider = {
  provide: OWNERSHIP,
  inject: [CONFIG, CLOCK, LOGGING, REGISTRY_STORE],
  useFactory: (
    config: FlotillaConfig,
    clock: Clock,
    logging: Logging,
    store: Store,
  ): OwnershipLease => {
    if (!(store instanceof PostgresRegistry)) return new LocalLease(FLEET_LEASE, newHolderId());
    const { leaseTtlMs, leaseRenewMs, leaseRetryMs } = config.ownership;
    const lease = new LeaseKeeper({
      name: FLEET_LEASE,
      store: new PostgresLeaseStore(() => store.dataSource, store.describeStore()),
      ttlMs: leaseTtlMs,
      renewMs: leaseRenewMs,
      retryMs: leaseRetryMs,
      clock,
      logger: logging.root,
    });
    store.fenceWith(FLEET_LEASE, () => lease.fence());
    return lease;
  },
};

/**
 * The store behind the resilient wrapper; opened (and migrated) before boot goes on. Writes queued
 * during a Postgres outage are spooled in DATA_DIR with the lease epoch they were accepted under,
 * and replayed once this process holds the lease (FleetLifecycle), unless the epoch is stale.
 */
const resilientProvider: Provider = {
  provide: REGISTRY,
  inject: [CONFIG, CLOCK, LOGGING, REGISTRY_STORE, OWNERSHIP],
  useFactory: async (
    config: FlotillaConfig,
    clock: Clock,
    logging: Logging,
    inner: Store,
    lease: OwnershipLease,
  ): Promise<ResilientRegistry> => {
    const registry = new ResilientRegistry(inner, {
      clock,
      logger: logging.root,
      storeName: inner.describeStore(),
      initialBackoffMs: config.registryRetry?.initialMs,
      maxBackoffMs: config.registryRetry?.maxMs,
      spoolPath: registrySpoolPath(config.registry, config.dataDir),
      // No spool (JSON): a write the disk refuses is refused to the caller, never acknowledged.
      queueWithoutSpool: false,
      leaseEpoch: () => lease.fence()?.epoch ?? null,
    });
    await registry.open();
    return registry;
  },
};

export const registryProviders: Provider[] = [storeProvider, ownershipProvider, resilientProvider];
