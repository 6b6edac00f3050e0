import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import WebSocket from 'ws';

interface SimUrls {
  readonly restUrl: string;
  readonly wsPublicUrl: string;
}

/** Real ccxt clients in a child process (see venue-sim-ccxt-probe.ts), called over IPC. */
export class CcxtProbe {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const waiter = this.pending.get(m.id);
      if (!waiter) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) waiter.reject(new Error(m.error));
      else waiter.resolve(m.result);
    });
    child.on('exit', () => {
      for (const w of this.pending.values()) w.reject(new Error('ccxt probe exited'));
      this.pending.clear();
    });
  }

  /** `script` names another probe in test/support; `extraArgs` follow the two URLs. */
  static async start(
    sim: SimUrls,
    script = 'venue-sim-ccxt-probe.ts',
    extraArgs: readonly string[] = [],
  ): Promise<CcxtProbe> {
    const child = fork(join(__dirname, script), [sim.restUrl, sim.wsPublicUrl, ...extraArgs], {
      execArgv: ['-r', '@swc-node/register'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`ccxt probe exited with ${code}`)));
    });
    return new CcxtProbe(child);
  }

  call<T>(method: string, ...args: unknown[]): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: (v) => resolve(v as T), reject });
      this.child.send({ id, method, args });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.call('close').catch(() => undefined);
    this.child.disconnect();
    await exited;
  }
}

export type Frame = Record<string, unknown>;

/** A raw WebSocket client that queues frames so tests can await the next matching one. */
export class RawStream {
  readonly frames: Array<Frame | string> = [];
  private waiters: Array<() => void> = [];
  closed = false;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: WebSocket.RawData) => {
      const text = Buffer.isBuffer(data)
        ? data.toString('utf8')
        : Buffer.from(data as ArrayBuffer).toString('utf8');
      try {
        this.frames.push(JSON.parse(text) as Frame);
      } catch {
        this.frames.push(text);
      }
      this.wake();
    });
    ws.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  static async open(url: string): Promise<RawStream> {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new RawStream(ws);
  }

  send(body: unknown): void {
    this.ws.send(typeof body === 'string' ? body : JSON.stringify(body));
  }

  /** Removes and returns the first queued frame matching the predicate, waiting up to timeoutMs. */
  async next(
    match: (f: Frame | string) => boolean = () => true,
    timeoutMs = 2000,
  ): Promise<Frame | string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.frames.findIndex(match);
      if (index >= 0) return this.frames.splice(index, 1)[0];
      if (this.closed) throw new Error('stream closed while waiting for a frame');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching frame within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for the close event; resolves at once if already closed. */
  async closedSignal(timeoutMs = 2000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('socket still open');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const done = new Promise<void>((resolve) => this.ws.once('close', () => resolve()));
    this.ws.close();
    await done;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

export const topicIs =
  (topic: string) =>
  (f: Frame | string): boolean =>
    typeof f === 'object' && f.topic === topic;

export const opIs =
  (op: string) =>
  (f: Frame | string): boolean =>
    typeof f === 'object' && f.op === op;
