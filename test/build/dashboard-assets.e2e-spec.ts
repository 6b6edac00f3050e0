import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SOURCE = join(ROOT, 'apps/orchestrator/web');
// dist/apps/orchestrator/main.js serves them from here (serveDashboard: beside the bundle).
const BUILT = join(ROOT, 'dist/apps/orchestrator/web');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("the dashboard's files in the build (after npm run build)", () => {
  const sources = filesUnder(SOURCE).map((f) => relative(SOURCE, f));

  it('copies every file of apps/orchestrator/web beside the bundle, byte for byte', () => {
    expect(sources).toEqual(expect.arrayContaining(['index.html', 'dashboard.css', 'js/app.js']));
    const differing = sources.filter((rel) => {
      try {
        return !readFileSync(join(BUILT, rel)).equals(readFileSync(join(SOURCE, rel)));
      } catch {
        return true;
      }
    });
    expect(differing).toEqual([]);
  });

  it('holds every asset the page and its modules import, and no inline script', () => {
    const html = readFileSync(join(BUILT, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const referenced = [...html.matchAll(/(?:src|href)="\/ui\/([^"]+)"/g)].map((m) => m[1]);
    const imported = sources
      .filter((rel) => rel.endsWith('.js'))
      .flatMap((rel) =>
        [...readFileSync(join(BUILT, rel), 'utf8').matchAll(/from '\.\/([^']+)'/g)].map(
          (m) => `js/${m[1]}`,
        ),
      );
    const missing = [...new Set([...referenced, ...imported])].filter((rel) => {
      try {
        return !statSync(join(BUILT, rel)).isFile();
      } catch {
        return true;
      }
    });
    expect(referenced.length).toBeGreaterThan(2);
    expect(missing).toEqual([]);
  });
});
