import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, copiesOf, envOf, readDockerfile, runtimeStage } from './dockerfile';

/** The image's user; a test running as root runs the image's processes as this uid too. */
export const IMAGE_USER = { uid: 10001, gid: 10001 };
const IMAGE_WORKDIR = '/app';
const INSTALL_TIMEOUT_MS = 120_000;

export interface ImageLayout {
  /** Stands for /app: root-owned (or read-only) like the image's filesystem. */
  readonly app: string;
  /** Stand for the writable volumes /data and /tmp. */
  readonly data: string;
  readonly tmp: string;
  /** Whether processes run as IMAGE_USER (the test runs as root) or only under a read-only app dir. */
  readonly asImageUser: boolean;
  /** The runtime stage's ENV with /data and /tmp pointed at the stand-ins. */
  readonly env: Record<string, string>;
  remove(): void;
}

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

function inApp(app: string, imagePath: string): string {
  const rel = imagePath.replace(/^\.\//, '').replace(new RegExp(`^${IMAGE_WORKDIR}/?`), '');
  return join(app, rel);
}

/** `npm ci --omit=dev` from the lockfile and the npm cache: the build stage's `npm prune --omit=dev`. */
function installProductionDependencies(app: string): void {
  cpSync(join(ROOT, 'package-lock.json'), join(app, 'package-lock.json'));
  const r = spawnSync(
    'npm',
    ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'],
    { cwd: app, encoding: 'utf8', timeout: INSTALL_TIMEOUT_MS },
  );
  if (r.status !== 0) throw new Error(`npm ci --omit=dev failed: ${r.stderr || r.error?.message}`);
  rmSync(join(app, 'package-lock.json'));
}

/**
 * Lays out the runtime stage of the Dockerfile without Docker: each of its COPY lines, taking the
 * build stage's /app from the worktree (built by `npm run build`) and its pruned node_modules
 * from a fresh production install. The files end up root-owned or read-only; only data/ and
 * tmp/ are writable by the process.
 */
export async function buildImageLayout(): Promise<ImageLayout> {
  const root = await mkdtemp(join(tmpdir(), 'flotilla-image-'));
  const app = join(root, 'app');
  const data = join(root, 'data');
  const tmp = join(root, 'tmp');
  for (const dir of [app, data, tmp]) mkdirSync(dir);
  const runtime = runtimeStage(readDockerfile());
  const copies = copiesOf(runtime);
  for (const copy of copies) {
    for (const source of copy.sources) {
      const rel = source.replace(new RegExp(`^${IMAGE_WORKDIR}/`), '').replace(/\/$/, '');
      const dest =
        copy.sources.length === 1 ? inApp(app, copy.dest) : join(inApp(app, copy.dest), rel);
      if (rel === 'node_modules') continue;
      cpSync(join(ROOT, rel), dest, { recursive: true });
    }
  }
  if (copies.some((c) => c.sources.some((s) => /(^|\/)node_modules\/?$/.test(s)))) {
    installProductionDependencies(app);
  }
  const asImageUser = process.getuid?.() === 0;
  if (asImageUser) {
    chmodSync(root, 0o755);
    for (const dir of [data, tmp]) chownSync(dir, IMAGE_USER.uid, IMAGE_USER.gid);
  } else {
    spawnSync('chmod', ['-R', 'a-w', app]);
  }
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  for (const [key, value] of Object.entries(envOf(runtime))) {
    env[key] = value.replace(/^\/data$/, data).replace(/^\/tmp$/, tmp);
  }
  env.TMPDIR = tmp;
  return {
    app,
    data,
    tmp,
    asImageUser,
    env,
    remove: () => {
      if (!asImageUser) spawnSync('chmod', ['-R', 'u+w', app]);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Hands data/ (files written by the test itself) to the image user. */
export function giveDataToImageUser(layout: ImageLayout): void {
  if (!layout.asImageUser) return;
  for (const name of readdirSync(layout.data)) {
    chownSync(join(layout.data, name), IMAGE_USER.uid, IMAGE_USER.gid);
  }
}

export function spawnOptions(layout: ImageLayout, env: Record<string, string>): SpawnOptions {
  return {
    cwd: layout.app,
    env: { ...layout.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(layout.asImageUser ? IMAGE_USER : {}),
  };
}

/** Runs a command inside the layout, as the image would, to its exit. */
export async function runInImage(
  layout: ImageLayout,
  argv: string[],
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<RunResult> {
  const child = spawn(argv[0], argv.slice(1), spawnOptions(layout, env));
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => {
    child.once('close', (c, s) => resolve([c, s]));
    child.once('error', (err) => {
      stderr += err.message;
      resolve([null, null]);
    });
  });
  clearTimeout(timer);
  return { code, signal, stdout, stderr };
}

export function isInstalled(layout: ImageLayout, pkg: string): boolean {
  return existsSync(join(layout.app, 'node_modules', pkg, 'package.json'));
}
