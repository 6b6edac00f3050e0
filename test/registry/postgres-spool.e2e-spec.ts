import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PostgresRegistry, ResilientRegistry, type RegistryHealth } from '@flotilla/registry';
import { DataSource } from 'typeorm';
import {
  createTestDatabase,
  pgUnavailableReason,
  reportPostgresUnavailable,
  type TestDatabase,
} from './pg-test-db';
import { waitFor } from '../support/wait-for';

/** Resolves with the first stdout line matching pattern; rejects if the child exits first. */
function lineFrom(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<string> {
  return new Promise((resolveLine, reject) => {
    let buffered = '';
    let stderr = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const line = buffered.split('\n').find((l) => pattern.test(l));
      if (line === undefined) return;
      child.stdout.off('data', onData);
      child.off('exit', onExit);
      resolveLine(line);
    };
    const onExit = (code: number | null) => reject(new Error(`child exited ${code}: ${stderr}`));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });
}

async function readBack(url: string, symbol: string) {
  const check = new PostgresRegistry({ databaseUrl: url });
  await check.open();
  try {
    return await check.get(symbol);
  } finally {
    await check.close();
  }
}

if (pgUnavailableReason) reportPostgresUnavailable(pgUnavailableReason);
else
  describe('ResilientRegistry over PostgreSQL: durable outage queue', () => {
    let db: TestDatabase;
    let dir: string;

    const refuseConnections = async () => {
      await db.admin(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS false`);
      await db.admin(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db.name}'`,
      );
    };

    beforeAll(async () => {
      db = await createTestDatabase();
      dir = await mkdtemp(join(tmpdir(), 'flotilla-spool-e2e-'));
    });

    afterAll(async () => {
      await db?.admin(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS true`);
      await db?.drop();
      await rm(dir, { recursive: true, force: true });
    });

    it('keeps writes accepted during an outage across kill -9 and lands them on the next boot', async () => {
      const spoolPath = join(dir, 'registry-spool.json');
      const child = spawn(
        process.execPath,
        ['-r', '@swc-node/register', 'test/registry/support/outage-writer.ts', db.url, spoolPath],
        { cwd: resolve(__dirname, '../..'), stdio: ['pipe', 'pipe', 'pipe'] },
      );
      const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_c, s) => r(s)));
      try {
        await lineFrom(child, /^open$/);
        await refuseConnections();
        child.stdin.write('write\n');
        const line = await lineFrom(child, /^spooled /);
        const health = JSON.parse(line.slice('spooled '.length)) as RegistryHealth;
        expect(health).toMatchObject({ ok: false, pendingWrites: 3 });
      } finally {
        child.kill('SIGKILL');
      }
      expect(await exited).toBe('SIGKILL');
      expect(await readFile(spoolPath, 'utf8')).toContain('ETHUSDT');

      await db.admin(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS true`);
      expect((await readBack(db.url, 'BTCUSDT'))?.observedState).toBe('stopped');
      const rebooted = new ResilientRegistry(new PostgresRegistry({ databaseUrl: db.url }), {
        spoolPath,
      });
      await rebooted.open();
      try {
        expect(await rebooted.get('BTCUSDT')).toMatchObject({
          desiredState: 'running',
          observedState: 'running',
        });
        expect(await rebooted.get('ETHUSDT')).toMatchObject({
          desiredState: 'running',
          configOverrides: { qty: '0.01' },
        });
        expect(await rebooted.get('SOLUSDT')).toBeUndefined();
        expect(rebooted.health()).toEqual({ ok: true, pendingWrites: 0 });
      } finally {
        await rebooted.close();
      }
      await expect(readFile(spoolPath, 'utf8')).rejects.toThrow(/ENOENT/);
      expect((await readBack(db.url, 'BTCUSDT'))?.observedState).toBe('running');
      expect(await readBack(db.url, 'SOLUSDT')).toBeUndefined();
    });

    it('queues a write that hits the statement timeout behind a row lock, and lands it later', async () => {
      const pg = new PostgresRegistry({ databaseUrl: db.url, connection: { queryTimeoutMs: 300 } });
      const registry = new ResilientRegistry(pg, { initialBackoffMs: 50, maxBackoffMs: 100 });
      await registry.open();
      const holder = new DataSource({ type: 'postgres', url: db.url });
      await holder.initialize();
      const session = holder.createQueryRunner();
      try {
        await registry.upsert('LOCKUSDT', {});
        await session.startTransaction();
        await session.query(`SELECT * FROM engine_state WHERE symbol = 'LOCKUSDT' FOR UPDATE`);
        const during = await registry.upsert('LOCKUSDT', { desiredState: 'running' });
        expect(during.desiredState).toBe('running');
        expect(registry.health()).toMatchObject({ ok: false, pendingWrites: 1 });
        expect(registry.health().lastError).toMatch(/timeout/i);
        await session.rollbackTransaction();
        await waitFor(() => registry.health().ok, 15_000, 'registry health ok');
      } finally {
        if (session.isTransactionActive) await session.rollbackTransaction();
        await session.release();
        await holder.destroy();
        await registry.close();
      }
      expect((await readBack(db.url, 'LOCKUSDT'))?.desiredState).toBe('running');
    });
  });
