'use strict';
// Plain Node (no build step, no devDependency): decides whether `npm start` must build first.
const { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

/** What the build reads: every file under these folders except unit specs, plus these root files. */
const SOURCE_DIRS = ['apps', 'libs', 'scripts'];
const ROOT_FILES = /^(tsconfig.*\.json|nest-cli\.json|package-lock\.json)$/;
const OUTPUTS = [
  'dist/apps/orchestrator/main.js',
  'dist/apps/venue-sim/main.js',
  'dist/scripts/migration-run.js',
  'dist/scripts/registry-import.js',
  'dist/apps/cli/main.js',
];
// webpack leaves an output whose bytes did not change untouched, so the outputs' mtimes do not say
// when the build ran; `npm run build` stamps its start time here once it has succeeded.
const STAMP = 'dist/.build-stamp';
const STARTED = 'dist/.build-started';

/** The most recently modified source file under root, or undefined if there is none. */
function newestSource(root) {
  let newest;
  const consider = (path) => {
    const mtimeMs = statSync(path).mtimeMs;
    if (!newest || mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
  };
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (entry.isFile() && ROOT_FILES.test(entry.name)) consider(join(root, entry.name));
  }
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && !entry.name.endsWith('.spec.ts')) consider(path);
    }
  };
  for (const dir of SOURCE_DIRS) {
    try {
      walk(join(root, dir));
    } catch (err) {
      if (err.code !== 'ENOENT') throw err;
    }
  }
  return newest;
}

/**
 * { stale, reason }: stale when an output or the stamp is missing, or a source is newer than the
 * last successful build's start. mtimes only: a checkout, an edit or `npm ci` touches them; a
 * copy that keeps older mtimes is not seen (run `npm run build` then).
 */
function buildState(root) {
  for (const file of [...OUTPUTS, STAMP]) {
    if (mtimeOrUndefined(join(root, file)) === undefined) {
      return { stale: true, reason: `${file} is missing` };
    }
  }
  const builtAtMs = mtimeOrUndefined(join(root, STAMP));
  const newest = newestSource(root);
  if (newest && newest.mtimeMs > builtAtMs) {
    return { stale: true, reason: `${relative(root, newest.path)} changed since the last build` };
  }
  return { stale: false, reason: 'no source changed since the last build' };
}

function mtimeOrUndefined(path) {
  try {
    return statSync(path).mtimeMs;
  } catch (err) {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Before the build: note when it started. */
function beginBuild(root) {
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, STARTED), `${new Date().toISOString()}\n`);
}

/** After a successful build: its start becomes the stamp (a rename keeps the mtime). */
function finishBuild(root) {
  renameSync(join(root, STARTED), join(root, STAMP));
}

module.exports = { buildState, beginBuild, finishBuild, OUTPUTS, STAMP };

// `node scripts/build-freshness.cjs begin|finish`, around the build in package.json.
if (require.main === module) {
  const root = join(__dirname, '..');
  const step = process.argv[2];
  if (step === 'begin') beginBuild(root);
  else if (step === 'finish') finishBuild(root);
  else {
    process.stderr.write('usage: build-freshness.cjs begin|finish\n');
    process.exit(2);
  }
}
