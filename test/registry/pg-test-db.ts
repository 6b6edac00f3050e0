/* eslint-disable jest/no-export -- test helper shared by the Postgres specs */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

export const ADMIN_URL =
  process.env.FLOTILLA_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function redactUrl(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
}

const PROBE = `
const { Client } = require('pg');
const c = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 3000 });
c.connect().then(() => c.query('select 1')).then(() => c.end()).then(
  () => process.exit(0),
  (e) => { console.error(e.message); process.exit(1); });`;

/** Decides synchronously (before describe) whether PostgreSQL answers; null when it does. */
function probe(url: string): string | null {
  const r = spawnSync(process.execPath, ['-e', PROBE, url], { encoding: 'utf8', timeout: 10_000 });
  if (r.status === 0) return null;
  return (r.stderr || r.error?.message || 'no answer').trim();
}

const unreachable = probe(ADMIN_URL);

/** Why the Postgres tests cannot run here, or null when the server answers. */
export const pgUnavailableReason: string | null =
  unreachable === null
    ? null
    : `PostgreSQL not reachable at ${redactUrl(ADMIN_URL)} (${unreachable}): Postgres tests did not run`;

/**
 * Stands in for a Postgres suite when the server does not answer: in CI it is a failing test,
 * elsewhere a loud warning and one test recording that the Postgres tests did not run.
 */
export function reportPostgresUnavailable(reason: string): void {
  if (process.env.CI === 'true') {
    describe('PostgreSQL (required in CI)', () => {
      it('is reachable', () => {
        expect(reason).toBeNull();
      });
    });
    return;
  }
  console.warn(reason);
  describe('PostgreSQL (not reachable here)', () => {
    it('records that the Postgres tests did not run', () => {
      expect(reason).toContain('did not run');
    });
  });
}

async function queryAt<T = unknown>(url: string, sql: string): Promise<T> {
  const ds = new DataSource({ type: 'postgres', url, connectTimeoutMS: 5_000 });
  await ds.initialize();
  try {
    return await ds.query<T>(sql);
  } finally {
    await ds.destroy();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  /** Runs SQL on the admin connection (outside the test database). */
  admin<T = unknown>(sql: string): Promise<T>;
  /** Runs SQL inside the test database, on a connection of its own. */
  query<T = unknown>(sql: string): Promise<T>;
  drop(): Promise<void>;
}

/** A fresh database flotilla_test_<random> on the admin server; drop() removes it by force. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `flotilla_test_${randomBytes(5).toString('hex')}`;
  await queryAt(ADMIN_URL, `CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    admin: (sql) => queryAt(ADMIN_URL, sql),
    query: (sql) => queryAt(url.toString(), sql),
    drop: async () => {
      await queryAt(ADMIN_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
