import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const BUNDLES = [
  'dist/apps/orchestrator/main.js',
  'dist/apps/venue-sim/main.js',
  'dist/apps/cli/main.js',
];
// Every export of libs/*/src/testing: they reach production only through a barrel that re-exports them.
const FAKES = [
  'FakeMarketData',
  'FakeSocket',
  'fakeSockets',
  'FlakyRegistryStore',
  'InMemoryLeaseStore',
  'fakeBook',
  'testStrategyParams',
];

describe('production bundles (after npm run build)', () => {
  it.each(BUNDLES)('%s holds none of the test fakes', (bundle) => {
    const path = join(ROOT, bundle);
    expect(existsSync(path)).toBe(true);
    const code = readFileSync(path, 'utf8');
    expect(FAKES.filter((name) => new RegExp(`\\b${name}\\b`).test(code))).toEqual([]);
  });

  it('the CLI bundle needs Node alone: it starts fast and runs wherever the launcher is', () => {
    const code = readFileSync(join(ROOT, 'dist/apps/cli/main.js'), 'utf8');
    const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(required.filter((r) => !r.startsWith('node:'))).toEqual([]);
  });
});
