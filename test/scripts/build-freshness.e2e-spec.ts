import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beginBuild, buildState, finishBuild, STAMP } from '../../scripts/build-freshness.cjs';

const T0 = new Date('2026-12-01T10:00:00Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

/** A file with a given mtime under the fake repository. */
async function file(root: string, path: string, mtime: Date): Promise<void> {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), 'x');
  await utimes(join(root, path), mtime, mtime);
}

/** npm start's rule on a throwaway tree: sources at minute 0, the last build stamped at minute 5. */
describe('build freshness (npm start builds only when needed)', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'flotilla-freshness-'));
    await file(root, 'apps/orchestrator/src/main.ts', T0);
    await file(root, 'libs/core/src/index.ts', T0);
    await file(root, 'package-lock.json', T0);
    await file(root, 'tsconfig.json', T0);
    await file(root, 'dist/apps/orchestrator/main.js', at(6));
    // webpack leaves an unchanged bundle alone: older than the stamp, and that is fine.
    await file(root, 'dist/apps/venue-sim/main.js', at(-60));
    await file(root, 'dist/scripts/migration-run.js', at(6));
    await file(root, 'dist/scripts/registry-import.js', at(6));
    await file(root, 'dist/apps/cli/main.js', at(6));
    await file(root, STAMP, at(5));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('is fresh when no source changed since the last build began', () => {
    expect(buildState(root)).toEqual({
      stale: false,
      reason: 'no source changed since the last build',
    });
  });

  it.each([
    ['apps/orchestrator/src/main.ts'],
    ['libs/market-data/src/hub.ts'],
    ['apps/venue-sim/tsconfig.app.json'],
    ['package-lock.json'],
    ['tsconfig.build.json'],
    ['nest-cli.json'],
  ])('is stale once %s is newer than the stamp', async (path) => {
    await file(root, path, at(7));
    expect(buildState(root)).toEqual({
      stale: true,
      reason: `${path} changed since the last build`,
    });
  });

  it('ignores unit specs and files outside the sources', async () => {
    await file(root, 'libs/core/src/index.spec.ts', at(7));
    await file(root, 'README.md', at(7));
    await file(root, 'test/orchestrator/x.e2e-spec.ts', at(7));
    await file(root, 'data/engine-registry.json', at(7));
    expect(buildState(root).stale).toBe(false);
  });

  it.each([
    ['dist/apps/orchestrator/main.js'],
    ['dist/apps/venue-sim/main.js'],
    ['dist/scripts/migration-run.js'],
    ['dist/scripts/registry-import.js'],
    ['dist/apps/cli/main.js'],
    [STAMP],
  ])('is stale when %s is missing', async (path) => {
    await rm(join(root, path));
    expect(buildState(root)).toEqual({ stale: true, reason: `${path} is missing` });
  });

  it('stamps a build with its start, so an edit made while it ran still counts', async () => {
    await rm(join(root, STAMP));
    beginBuild(root);
    await file(root, 'libs/core/src/index.ts', new Date(Date.now() + 1_000)); // edited mid-build
    expect(buildState(root).stale).toBe(true); // a failed or unfinished build stamps nothing
    finishBuild(root);
    expect(buildState(root)).toEqual({
      stale: true,
      reason: 'libs/core/src/index.ts changed since the last build',
    });
  });
});
