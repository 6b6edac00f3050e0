import { DomainError } from '@flotilla/core';
import { DataSource } from 'typeorm';
import { REGISTRY_MIGRATIONS, REGISTRY_MIGRATIONS_TABLE } from '../migrations';
import { AuditEventEntity } from './audit-event.entity';
import { EngineStateEntity } from './engine-state.entity';

export interface PostgresConnectionOptions {
  /** Bound on establishing one connection, so boot never hangs on a black-holed host. */
  connectTimeoutMs?: number;
  /**
   * Bound on one statement, enforced by the server (statement_timeout: a clean cancel, 57014); the
   * client gives up CLIENT_TIMEOUT_GRACE_MS later, for a server that stopped answering at all.
   */
  queryTimeoutMs?: number;
  poolSize?: number;
}

/** host:port/database of a URL, never the password: safe for logs, errors and health output. */
export function describeDatabaseUrl(databaseUrl: string): string {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new DomainError(
      'INVALID_CONFIG',
      'DATABASE_URL is not a valid URL (expected postgres://user:password@host:port/database)',
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new DomainError(
      'INVALID_CONFIG',
      `DATABASE_URL has scheme ${url.protocol.replace(':', '')}, expected postgres or postgresql`,
    );
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || '(default)';
  return `${url.hostname || 'localhost'}:${url.port || '5432'}/${database}`;
}

/** The server's cancel arrives first and leaves the connection usable; the client bound is the backstop. */
const CLIENT_TIMEOUT_GRACE_MS = 1_000;

/** A plain TypeORM DataSource for the registry; never synchronize, migrations run explicitly. */
export function createRegistryDataSource(
  databaseUrl: string,
  options: PostgresConnectionOptions = {},
): DataSource {
  describeDatabaseUrl(databaseUrl);
  const queryTimeoutMs = options.queryTimeoutMs ?? 10_000;
  return new DataSource({
    type: 'postgres',
    url: databaseUrl,
    entities: [EngineStateEntity, AuditEventEntity],
    migrations: REGISTRY_MIGRATIONS,
    migrationsTableName: REGISTRY_MIGRATIONS_TABLE,
    migrationsRun: false,
    synchronize: false,
    logging: false,
    connectTimeoutMS: options.connectTimeoutMs ?? 5_000,
    poolSize: options.poolSize ?? 5,
    extra: {
      query_timeout: queryTimeoutMs + CLIENT_TIMEOUT_GRACE_MS,
      statement_timeout: queryTimeoutMs,
      keepAlive: true,
      idleTimeoutMillis: 30_000,
    },
  });
}
