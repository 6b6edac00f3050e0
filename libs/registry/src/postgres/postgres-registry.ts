import { SystemClock, silentLogger, type Clock, type StructuredLogger } from '@flotilla/core';
import type { EngineRecord, EngineRecordPatch, EngineRegistryPort } from '@flotilla/engine';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditEvent, AuditPort, StoredAuditEvent } from '../audit.port';
import {
  PATCH_FIELDS,
  applyPatch,
  assertValidPatch,
  canonicalJson,
  isoAt,
  newRecord,
} from '../record';
import { AuditEventEntity } from './audit-event.entity';
import { connectWithRetry, type ConnectRetryOptions } from './connect';
import {
  createRegistryDataSource,
  describeDatabaseUrl,
  type PostgresConnectionOptions,
} from './data-source';
import { translatePgError } from './pg-errors';
import type { FenceToken } from '../ownership/ownership-lease';
import { assertFence } from './postgres-lease-store';
import {
  normalizeTimes,
  toAuditRow,
  toEngineRecord,
  toEngineValues,
  toStoredAudit,
} from './record-mapping';
import { EngineStateEntity } from './engine-state.entity';
import { migrateRegistrySchema } from './schema-check';

export interface PostgresRegistryOptions {
  databaseUrl: string;
  clock?: Clock;
  logger?: StructuredLogger;
  connection?: PostgresConnectionOptions;
  retry?: ConnectRetryOptions;
}

export type ImportOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Engine registry in PostgreSQL. Each upsert is one transaction holding the row lock
 * (INSERT … ON CONFLICT DO NOTHING, then SELECT … FOR UPDATE), so concurrent writers of one
 * engine queue behind each other instead of overwriting each other.
 */
export class PostgresRegistry implements EngineRegistryPort, AuditPort {
  private readonly clock: Clock;
  private readonly logger: StructuredLogger;
  private readonly store: string;
  private ds: DataSource | null = null;
  private fence: { leaseName: string; current: () => FenceToken | null } | null = null;

  constructor(private readonly options: PostgresRegistryOptions) {
    this.clock = options.clock ?? new SystemClock();
    this.logger = options.logger ?? silentLogger;
    this.store = describeDatabaseUrl(options.databaseUrl);
  }

  /** host:port/database, without credentials. */
  describeStore(): string {
    return `postgres ${this.store}`;
  }

  /**
   * From now on every write checks, in its own transaction, that the lease row still carries the
   * token current() returns (refused with NOT_OWNER or LEASE_LOST otherwise), and every
   * observed-state write is recorded in engine_state_history with its epoch.
   */
  fenceWith(leaseName: string, current: () => FenceToken | null): void {
    this.fence = { leaseName, current };
  }

  get dataSource(): DataSource {
    if (!this.ds) throw new Error(`engine registry ${this.store} is not open`);
    return this.ds;
  }

  async open(): Promise<void> {
    if (this.ds) return;
    const ds = await connectWithRetry(
      () => createRegistryDataSource(this.options.databaseUrl, this.options.connection),
      this.store,
      this.options.retry ?? { attempts: 5, delayMs: 500 },
      this.clock,
      this.logger,
    );
    try {
      const ran = await migrateRegistrySchema(ds, this.store);
      if (ran.length > 0) this.logger.info('registry migrations applied', { migrations: ran });
    } catch (err) {
      await ds.destroy().catch(() => undefined);
      throw translatePgError(err, this.store);
    }
    this.ds = ds;
    this.logger.info('engine registry opened', { store: this.store });
  }

  async list(): Promise<EngineRecord[]> {
    return this.run(async (ds) => {
      const rows = await ds.getRepository(EngineStateEntity).find({ order: { symbol: 'ASC' } });
      return rows.map(toEngineRecord);
    });
  }

  async get(symbol: string): Promise<EngineRecord | undefined> {
    return this.run(async (ds) => {
      const row = await ds.getRepository(EngineStateEntity).findOneBy({ symbol });
      return row ? toEngineRecord(row) : undefined;
    });
  }

  async upsert(symbol: string, patch: EngineRecordPatch): Promise<EngineRecord> {
    assertValidPatch(symbol, patch);
    return this.run((ds) =>
      ds.transaction(async (m) => {
        const token = await this.checkFence(m);
        const nowIso = isoAt(this.clock.now());
        await this.insertIfMissing(m, symbol, nowIso);
        const current = await this.lockRow(m, symbol);
        const next = normalizeTimes(applyPatch(toEngineRecord(current), patch, nowIso));
        await m.update(EngineStateEntity, { symbol }, toEngineValues(next));
        if (token && patch.observedState !== undefined) {
          await m.query(
            `INSERT INTO engine_state_history (symbol, observed_state, lease_epoch, holder)
             VALUES ($1, $2, $3, $4)`,
            [symbol, patch.observedState, token.epoch, token.holder],
          );
        }
        return next;
      }),
    );
  }

  async remove(symbol: string): Promise<void> {
    await this.run((ds) =>
      ds.transaction(async (m) => {
        await this.checkFence(m);
        await m.delete(EngineStateEntity, { symbol });
      }),
    );
  }

  async ping(): Promise<void> {
    await this.run((ds) => ds.query('SELECT 1'));
  }

  async close(): Promise<void> {
    const ds = this.ds;
    this.ds = null;
    if (ds?.isInitialized) await ds.destroy();
  }

  async appendAudit(event: AuditEvent): Promise<StoredAuditEvent> {
    return this.run(async (ds) => {
      const saved = await ds.getRepository(AuditEventEntity).save(toAuditRow(event));
      return toStoredAudit(saved);
    });
  }

  /** Audit events in append order, optionally for one subject or one trace. */
  async listAudit(
    filter: { subject?: string; traceId?: string } = {},
  ): Promise<StoredAuditEvent[]> {
    return this.run(async (ds) => {
      const rows = await ds.getRepository(AuditEventEntity).find({
        where: { ...filter },
        order: { id: 'ASC' },
      });
      return rows.map(toStoredAudit);
    });
  }

  /** Writes a whole record from another store, keeping its times; a no-op when content matches. */
  async importRecord(record: EngineRecord): Promise<ImportOutcome> {
    return this.run((ds) =>
      ds.transaction(async (m) => {
        await this.checkFence(m);
        const existing = await m.findOne(EngineStateEntity, {
          where: { symbol: record.symbol },
          lock: { mode: 'pessimistic_write' },
        });
        if (!existing) {
          await m.insert(EngineStateEntity, toEngineValues(normalizeTimes(record)));
          return 'created';
        }
        const current = toEngineRecord(existing);
        const incoming = normalizeTimes(record);
        if (PATCH_FIELDS.every((f) => canonicalJson(current[f]) === canonicalJson(incoming[f]))) {
          return 'unchanged';
        }
        const next: EngineRecord = {
          ...incoming,
          createdAt: current.createdAt,
          version: Math.max(current.version + 1, incoming.version),
        };
        await m.update(EngineStateEntity, { symbol: record.symbol }, toEngineValues(next));
        return 'updated';
      }),
    );
  }

  private async checkFence(m: EntityManager): Promise<FenceToken | null> {
    if (!this.fence) return null;
    return assertFence(m, this.fence.current(), this.fence.leaseName);
  }

  private async insertIfMissing(m: EntityManager, symbol: string, nowIso: string): Promise<void> {
    const row = toEngineValues(newRecord(symbol, nowIso));
    await m.createQueryBuilder().insert().into(EngineStateEntity).values(row).orIgnore().execute();
  }

  private async lockRow(m: EntityManager, symbol: string): Promise<EngineStateEntity> {
    return m.findOneOrFail(EngineStateEntity, {
      where: { symbol },
      lock: { mode: 'pessimistic_write' },
    });
  }

  private async run<T>(op: (ds: DataSource) => Promise<T>): Promise<T> {
    const ds = this.dataSource;
    try {
      return await op(ds);
    } catch (err) {
      throw translatePgError(err, this.store);
    }
  }
}
