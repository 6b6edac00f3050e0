import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { JsonFileRegistry } from '@flotilla/registry';
import {
  createTestDatabase,
  pgUnavailableReason,
  reportPostgresUnavailable,
  type TestDatabase,
} from '../registry/pg-test-db';
import { freePort } from '../support/orchestrator-process';
import { waitFor } from '../support/wait-for';
import { ROOT } from './support/dockerfile';
import {
  buildImageLayout,
  giveDataToImageUser,
  isInstalled,
  runInImage,
  spawnOptions,
  type ImageLayout,
} from './support/image-layout';

const BUILT = [
  'dist/apps/orchestrator/main.js',
  'dist/apps/venue-sim/main.js',
  'dist/scripts/migration-run.js',
  'dist/scripts/registry-import.js',
  'dist/apps/cli/main.js',
  'dist/apps/orchestrator/web/index.html',
];
// As the process harness: a loaded CI machine can take most of a minute to boot.
const BOOT_TIMEOUT_MS = 60_000;

/** Every file and directory under dir, as relative paths. */
function listTree(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const rel = join(prefix, name);
    return statSync(join(dir, name)).isDirectory() && name !== 'node_modules'
      ? [rel, ...listTree(join(dir, name), rel)]
      : [rel];
  });
}

if (pgUnavailableReason) {
  reportPostgresUnavailable(pgUnavailableReason);
} else {
  describe('the image layout (Dockerfile runtime stage, without Docker)', () => {
    let layout: ImageLayout;
    let db: TestDatabase;
    let appFilesBefore: string[];

    beforeAll(async () => {
      const missing = BUILT.filter((f) => {
        try {
          return !statSync(join(ROOT, f)).isFile();
        } catch {
          return true;
        }
      });
      if (missing.length > 0)
        throw new Error(`run npm run build first; missing ${missing.join(', ')}`);
      layout = await buildImageLayout();
      appFilesBefore = listTree(layout.app);
      db = await createTestDatabase();
    }, 150_000);

    afterAll(async () => {
      await db?.drop();
      layout?.remove();
    });

    it('holds production dependencies only', () => {
      const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
        dependencies: Record<string, string>;
        devDependencies: Record<string, string>;
      };
      expect(isInstalled(layout, '@swc-node/register')).toBe(false);
      expect(Object.keys(pkg.devDependencies).filter((d) => isInstalled(layout, d))).toEqual([]);
      expect(Object.keys(pkg.dependencies).filter((d) => !isInstalled(layout, d))).toEqual([]);
      expect(readdirSync(layout.app).sort()).toEqual([
        'bin',
        'config',
        'dist',
        'node_modules',
        'package.json',
      ]);
    });

    it('runs node dist/scripts/migration-run.js, then npm run migration:run finds nothing to do', async () => {
      const env = { DATABASE_URL: db.url };
      const first = await runInImage(layout, ['node', 'dist/scripts/migration-run.js'], env);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/applied \d+ migration\(s\)/);
      const tables = await db.query<{ table_name: string }[]>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
      );
      expect(tables.map((t) => t.table_name)).toContain('engine_state');

      const again = await runInImage(layout, ['npm', 'run', '-s', 'migration:run'], env);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('is up to date');
    });

    it('runs npm run registry:import on a JSON registry in /data', async () => {
      const json = JsonFileRegistry.inDataDir(layout.data);
      await json.open();
      await json.upsert('BTCUSDT', { desiredState: 'running' });
      await json.upsert('ETHUSDT', { desiredState: 'stopped' });
      await json.close();
      giveDataToImageUser(layout);
      const file = join(layout.data, 'engine-registry.json');

      const run = await runInImage(layout, ['npm', 'run', '-s', 'registry:import', '--', file], {
        DATABASE_URL: db.url,
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/imported 2 engine record\(s\) .*2 created/);
      const rows = await db.query<{ symbol: string }[]>(
        `SELECT symbol FROM engine_state ORDER BY 1`,
      );
      expect(rows.map((r) => r.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    });

    it(
      'boots the service on the imported registry, answers the probes, and exits 0 on SIGTERM',
      async () => {
        const port = await freePort();
        const child = spawn(
          'node',
          ['--max-semi-space-size=16', 'dist/apps/orchestrator/main.js'],
          spawnOptions(layout, {
            HOST: '127.0.0.1',
            PORT: String(port),
            REGISTRY: 'postgres',
            DATABASE_URL: db.url,
            API_TOKEN: 'image-layout-test-token',
          }),
        );
        let output = '';
        const keep = (c: Buffer) => (output = (output + c.toString('utf8')).slice(-8_000));
        child.stderr?.on('data', keep);
        child.stdout?.on('data', keep);
        const exited = new Promise<number | null>((resolve) =>
          child.once('exit', (code) => resolve(code)),
        );
        try {
          const status = (path: string) =>
            fetch(`http://127.0.0.1:${port}${path}`).then(
              (r) => r.status,
              () => 0,
            );
          await waitFor(
            async () => child.exitCode === null && (await status('/health/live')) === 200,
            BOOT_TIMEOUT_MS,
            '/health/live 200',
          ).catch((err: Error) => {
            throw new Error(`${err.message}; output: ${output}`);
          });
          await waitFor(
            async () => (await status('/health/ready')) === 200,
            BOOT_TIMEOUT_MS,
            '/health/ready 200',
          );
          // The operator CLI runs from the bundle: the image has no @swc-node/register.
          const cli = await runInImage(
            layout,
            ['node', 'bin/flotilla.cjs', 'engines', 'ls', '--json'],
            {
              FLOTILLA_URL: `http://127.0.0.1:${port}`,
            },
          );
          expect(cli.stderr).toBe('');
          expect(cli.code).toBe(0);
          expect((JSON.parse(cli.stdout) as { total: number }).total).toBeGreaterThanOrEqual(0);
          // The dashboard's files came along with dist (the build copies them beside the bundle).
          expect(await status('/')).toBe(200);
          expect(await status('/ui/js/app.js')).toBe(200);
        } finally {
          child.kill('SIGTERM');
        }
        expect(await exited).toBe(0);
        expect(listTree(layout.app)).toEqual(appFilesBefore);
        expect(readdirSync(layout.data)).toContain('logs');
      },
      2 * BOOT_TIMEOUT_MS + 20_000,
    );
  });
}
