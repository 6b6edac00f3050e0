#!/usr/bin/env node
'use strict';
// The `flotilla` command (package.json "bin"): the built CLI, dist/apps/cli/main.js, as the image
// ships it; in a checkout that was not built, the TypeScript source through @swc-node/register
// (a devDependency, there after `npm ci`). Nothing here may need more than Node itself.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const built = join(root, 'dist', 'apps', 'cli', 'main.js');

if (existsSync(built)) {
  require(built);
} else {
  try {
    require.resolve('@swc-node/register');
  } catch {
    process.stderr.write(
      `flotilla: ${built} is missing and @swc-node/register is not installed: run npm ci, or npm run build\n`,
    );
    process.exit(1);
  }
  process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || join(root, 'tsconfig.json');
  require('@swc-node/register');
  require(join(root, 'apps', 'cli', 'src', 'main.ts'));
}
