import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DomainError } from '@flotilla/core';
import {
  JsonFileRegistry,
  PostgresRegistry,
  ResilientRegistry,
  importJsonRegistry,
  type RegistryHealth,
} from '@flotilla/registry';
import {
  createTestDatabase,
  pgUnavailableReason,
  reportPostgresUnavailable,
  type TestDatabase,
} from './pg-test-db';
import { waitFor } from '../support/wait-for';

if (pgUnavailableReason) reportPostgresUnavailable(pgUnavailableReason);
else
  describe('PostgreSQL outage and JSON import', () => {
    let db: TestDatabase;

    beforeAll(async () => {
      db = await createTestDatabase();
    });

    afterAll(async () => {
      await db?.admin(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS true`);
      await db?.drop();
    });

    it('queues writes while the database refuses connections and lands them when it is back', async () => {
      const pg = new PostgresRegistry({
        databaseUrl: db.url,
        connection: { connectTimeoutMs: 1_000, queryTimeoutMs: 2_000 },
      });
      const seen: RegistryHealth[] = [];
      const registry = new ResilientRegistry(pg, {
        storeName: pg.describeStore(),
        initialBackoffMs: 20,
        maxBackoffMs: 200,
        onHealthChange: (h) => seen.push(h),
      });
      await registry.open();
      await registry.upsert('BTCUSDT', { desiredState: 'running' });

      await db.admin(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS false`);
      await db.admin(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db.name}'`,
      );
      const during = await registry.upsert('BTCUSDT', { observedState: 'running' });
      await registry.upsert('BTCUSDT', { restartHistory: ['2026-02-01T00:00:00.000Z'] });
      await registry.upsert('ETHUSDT', { desiredState: 'running' });
      expect(during.observedState).toBe('running');
      const down = registry.health();
      expect(down.ok).toBe(false);
      expect(down.pendingWrites).toBe(2);
      expect(down.lastError).toContain(db.name);
      expect(seen).toEqual([expect.objectContaining({ ok: false })]);
      expect(await registry.get('BTCUSDT')).toMatchObject({
        desiredState: 'running',
        observedState: 'running',
        restartHistory: ['2026-02-01T00:00:00.000Z'],
      });

      await db.admin(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS true`);
      await waitFor(() => registry.health().ok, 15_000, 'registry health ok');
      expect(registry.health()).toEqual({ ok: true, pendingWrites: 0 });
      expect(seen.map((h) => h.ok)).toEqual([false, true]);
      await registry.close();

      const check = new PostgresRegistry({ databaseUrl: db.url });
      await check.open();
      try {
        expect(await check.get('BTCUSDT')).toMatchObject({
          desiredState: 'running',
          observedState: 'running',
          restartHistory: ['2026-02-01T00:00:00.000Z'],
        });
        expect((await check.get('ETHUSDT'))?.desiredState).toBe('running');
      } finally {
        await check.close();
      }
    });

    describe('registry import', () => {
      let dir: string;
      let target: PostgresRegistry;

      beforeAll(async () => {
        dir = await mkdtemp(join(tmpdir(), 'flotilla-import-'));
        target = new PostgresRegistry({ databaseUrl: db.url });
        await target.open();
        await db.query('DELETE FROM engine_state');
      });

      afterAll(async () => {
        await target.close();
        await rm(dir, { recursive: true, force: true });
      });

      it('imports a JSON registry idempotently, keeping its times', async () => {
        const json = JsonFileRegistry.inDataDir(dir);
        await json.open();
        const sol = await json.upsert('SOLUSDT', {
          desiredState: 'running',
          configOverrides: { q: '1' },
        });
        await json.upsert('ADAUSDT', { observedState: 'failed' });
        await json.close();
        const file = join(dir, 'engine-registry.json');

        expect(await importJsonRegistry(file, target)).toEqual({
          read: 2,
          created: 2,
          updated: 0,
          unchanged: 0,
        });
        expect(await target.get('SOLUSDT')).toEqual(sol);
        expect(await importJsonRegistry(file, target)).toMatchObject({ created: 0, unchanged: 2 });

        await json.open();
        await json.upsert('SOLUSDT', { desiredState: 'stopped' });
        await json.close();
        expect(await importJsonRegistry(file, target)).toMatchObject({ updated: 1, unchanged: 1 });
        expect((await target.get('SOLUSDT'))?.desiredState).toBe('stopped');
      });

      it('refuses a corrupt file and leaves it untouched', async () => {
        const file = join(dir, 'broken.json');
        await writeFile(file, '{"version": 1, "engines": [');
        const error: unknown = await importJsonRegistry(file, target).catch((err: unknown) => err);
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).code).toBe('REGISTRY_CORRUPT');
        expect(await readFile(file, 'utf8')).toBe('{"version": 1, "engines": [');
      });

      it('runs as the registry:import script and reports counts', () => {
        const root = resolve(__dirname, '../..');
        const run = (file: string) =>
          spawnSync(process.execPath, ['dist/scripts/registry-import.js', file], {
            cwd: root,
            env: { ...process.env, DATABASE_URL: db.url },
            encoding: 'utf8',
            timeout: 60_000,
          });
        const ok = run(join(dir, 'engine-registry.json'));
        expect(ok.stderr).toBe('');
        expect(ok.status).toBe(0);
        expect(ok.stdout).toMatch(
          /imported 2 engine record\(s\) .*0 created, 0 updated, 2 unchanged/,
        );
        const bad = run(join(dir, 'broken.json'));
        expect(bad.status).toBe(1);
        expect(bad.stderr).toContain('REGISTRY_CORRUPT');
        expect(bad.stderr).toContain('Move it aside or fix it; it was not modified');
      });
    });
  });
