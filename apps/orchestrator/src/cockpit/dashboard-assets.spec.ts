import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DASHBOARD_DIRS, findDashboardDir } from './dashboard-assets';

describe('findDashboardDir', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'flotilla-web-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const withIndex = (name: string) => {
    const dir = join(root, name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    return dir;
  };

  it('takes the first candidate that holds index.html (dist before source)', () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    const a = withIndex('a');
    const b = withIndex('b');
    expect(findDashboardDir([join(root, 'missing'), empty, a, b])).toBe(a);
  });

  it('is null when no candidate holds the page', () => {
    expect(findDashboardDir([join(root, 'missing')])).toBeNull();
  });

  it('finds the source tree from the TypeScript sources', () => {
    expect(findDashboardDir(DASHBOARD_DIRS)).toBe(join(__dirname, '..', '..', 'web'));
  });
});
