'use strict';
// `npm start`: build only when the build is stale, then run the service in front of this process's
// signals. Plain Node, so it runs before anything is compiled.
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { buildState } = require('./build-freshness.cjs');

const ROOT = join(__dirname, '..');
const SERVICE_ARGS = ['--max-semi-space-size=16', join(ROOT, 'dist/apps/orchestrator/main.js')];
const FORWARDED = ['SIGTERM', 'SIGINT', 'SIGHUP'];

let current; // the build or the service, whichever runs now
let forwarded; // the first signal we passed on; repeats (a terminal's Ctrl-C reaches npm and us) are not

function log(message) {
  process.stdout.write(`start: ${message}\n`);
}

function onSignal(signal) {
  if (!current) return exitBySignal(signal);
  if (forwarded) return;
  forwarded = signal;
  // A closed terminal should stop the service gracefully, not by SIGHUP's default action.
  current.kill(signal === 'SIGHUP' ? 'SIGTERM' : signal);
}

function exitBySignal(signal) {
  for (const s of FORWARDED) process.removeAllListeners(s);
  process.kill(process.pid, signal);
}

/** Resolves to { code, signal } once the child has exited. */
function run(command, args, options) {
  return new Promise((resolve, reject) => {
    current = spawn(command, args, { cwd: ROOT, ...options });
    current.once('error', reject);
    current.once('exit', (code, signal) => {
      current = undefined;
      resolve({ code, signal });
    });
  });
}

async function build() {
  // npm sets npm_execpath for its scripts; fall back to the npm on PATH.
  const npm = process.env.npm_execpath;
  const [command, args] = npm
    ? [process.execPath, [npm, 'run', 'build']]
    : ['npm', ['run', 'build']];
  return run(command, args, { stdio: 'inherit' });
}

async function main() {
  for (const signal of FORWARDED) process.on(signal, onSignal);
  const state = buildState(ROOT);
  if (state.stale) {
    log(`building: ${state.reason}`);
    const built = await build();
    if (forwarded || built.signal) return exitBySignal(forwarded ?? built.signal);
    if (built.code !== 0) return process.exit(built.code ?? 1);
  } else {
    log(`build is up to date, not rebuilding (${state.reason})`);
  }
  // Its own process group: a terminal's Ctrl-C reaches it once, through us, not twice. The IPC
  // channel closes if we die (even by SIGKILL), and the service then stops by itself.
  const service = await run(process.execPath, SERVICE_ARGS, {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  if (service.signal) return exitBySignal(service.signal);
  process.exit(service.code ?? 1);
}

main().catch((err) => {
  process.stderr.write(`start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
