import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile } from './stats';
import type { StatusLoadResult } from './status-load-thread';

const SOURCE = join(__dirname, 'status-load.c');

interface Options {
  readonly url: string;
  readonly ratePerS: number;
  readonly gzip: boolean;
}

interface NativeOutput {
  cpuMs: number;
  wire: number[];
  client: number[];
  errors: number;
  errorKinds: Record<string, number>;
}

/**
 * Builds status-load.c with the machine's C compiler (once per source text, in the temp dir) and
 * returns the binary's path, or null with the reason when there is no compiler.
 */
export function buildNativeStatusLoad(): { path: string } | { missing: string } {
  const source = readFileSync(SOURCE);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const path = join(tmpdir(), `flotilla-status-load-${hash}`);
  if (existsSync(path)) return { path };
  const cc = spawnSync('cc', ['-O2', '-o', path, SOURCE], { encoding: 'utf8' });
  if (cc.error) return { missing: `no C compiler (cc: ${cc.error.message})` };
  if (cc.status !== 0) throw new Error(`cc failed on ${SOURCE}:\n${cc.stderr}`);
  return { path };
}

/**
 * The status load as a native process (status-load.c): each answer timed at the wire (the
 * kernel's receive stamp) and as the process read it. A Node load generator on the service's two
 * cores records its own wait for a CPU in every latency (its event-loop delay p99 17-19 ms, max
 * 80-120 ms, where the service timed its own p99 at 4-5 ms); the wire time does not hold it, and
 * the native client's small share of a CPU (one read per answer) keeps the rest small. Its own
 * delay is reported as the client time less the wire time.
 */
export class NativeStatusLoad {
  private constructor(
    private readonly child: ChildProcess,
    private readonly output: Promise<string>,
  ) {}

  get pid(): number {
    return this.child.pid ?? 0;
  }

  static start(binary: string, options: Options): NativeStatusLoad {
    const url = new URL(options.url);
    if (url.protocol !== 'http:')
      throw new Error(`the native status load speaks http, not ${url.protocol}`);
    const args = [
      url.hostname,
      url.port || '80',
      url.pathname + url.search,
      String(options.ratePerS),
      options.gzip ? '1' : '0',
    ];
    const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const output = new Promise<string>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) =>
        code === 0 ? resolve(stdout) : reject(new Error(`status-load exited ${code}: ${stderr}`)),
      );
    });
    output.catch(() => undefined); // read by stop()
    return new NativeStatusLoad(child, output);
  }

  /** Stops sending (closes its stdin), waits for the answers in flight, returns what it measured. */
  async stop(): Promise<StatusLoadResult> {
    this.child.stdin?.end();
    const out = JSON.parse(await this.output) as NativeOutput;
    const own = out.client.map((c, i) => c - out.wire[i]);
    const errorKinds = Object.fromEntries(Object.entries(out.errorKinds).filter(([, n]) => n > 0));
    return {
      latencies: out.client,
      wireLatencies: out.wire,
      separateCpuMs: out.cpuMs,
      errors: out.errors,
      errorKinds,
      loopLagP99Ms: percentile(own, 99) ?? 0,
      loopLagMaxMs: own.length > 0 ? Math.round(Math.max(...own) * 100) / 100 : 0,
    };
  }
}
