'use strict';
// Part of `npm run build`: the dashboard's static files (no build step of their own) go beside the
// orchestrator's bundle, where dist/apps/orchestrator/main.js serves them from (and the image
// copies dist whole).
const { cpSync, existsSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const from = join(root, 'apps/orchestrator/web');
const to = join(root, 'dist/apps/orchestrator/web');
if (!existsSync(join(from, 'index.html'))) {
  console.error(`copy-web-assets: ${from}/index.html is missing`);
  process.exit(1);
}
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true });
