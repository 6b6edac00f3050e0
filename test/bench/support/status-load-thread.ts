import { Worker } from 'node:worker_threads';

export interface StatusLoadResult {
  /** ms from each request sent to its body's end as the load generator read it, for answers 200. */
  readonly latencies: number[];
  /**
   * The same answers timed to the kernel's receive stamp of their last segment (the native
   * client only; null from the Node thread): without the load generator's own wait for a CPU.
   */
  readonly wireLatencies: number[] | null;
  /** CPU the load generator used outside this process (the native client's), ms; 0 for the thread. */
  readonly separateCpuMs: number;
  readonly errors: number;
  /** What the failed requests were: "http <code>" or the socket error's code. */
  readonly errorKinds: Record<string, number>;
  /**
   * The load generator's own delay, inside every latency it records: the Node thread's
   * event-loop delay, or the native client's read time less the wire time.
   */
  readonly loopLagP99Ms: number;
  readonly loopLagMaxMs: number;
}

interface Options {
  readonly url: string;
  readonly ratePerS: number;
  readonly gzip: boolean;
}

// Plain JS, evaluated in the thread: only node:http, so it needs no TypeScript loader.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { Agent, get } = require('node:http');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { url, ratePerS, gzip } = workerData;
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const headers = gzip ? { 'accept-encoding': 'gzip' } : {};
const latencies = [];
const errorKinds = {};
let errors = 0;
const failed = (kind) => { errors++; errorKinds[kind] = (errorKinds[kind] || 0) + 1; };
const inFlight = new Set();
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
const one = () => {
  const started = performance.now();
  const p = new Promise((resolve, reject) => {
    const req = get(url, { agent, headers }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve(res.statusCode || 0));
      res.on('error', reject);
    });
    req.on('error', reject);
  })
    .then((code) => { if (code === 200) latencies.push(performance.now() - started); else failed('http ' + code); })
    .catch((err) => failed(err.code || err.message))
    .finally(() => inFlight.delete(p));
  inFlight.add(p);
};
const timer = ratePerS > 0 ? setInterval(one, 1000 / ratePerS) : null;
parentPort.once('message', async () => {
  if (timer) clearInterval(timer);
  lag.disable();
  await Promise.all([...inFlight]);
  agent.destroy();
  parentPort.postMessage({
    latencies, errors, errorKinds,
    loopLagP99Ms: Math.round(lag.percentile(99) / 1e4) / 100,
    loopLagMaxMs: Math.round(lag.max / 1e4) / 100,
  });
});
`;

/**
 * The benches' status load (fleet and trading: an open-loop GET at a fixed rate over a keep-alive agent, bodies
 * drained) on a thread of its own. On the bench's main thread its latencies also held the bench's
 * own work: every 5 s it reads and scans the service's whole /metrics (1,000 engines' series),
 * and a request answered meanwhile was timed late (that thread's event-loop delay: p99 16-19 ms,
 * max 63-90 ms, where the service timed its own p99 at 8-9 ms).
 */
export class StatusLoadThread {
  private constructor(private readonly worker: Worker) {}

  static start(options: Options): StatusLoadThread {
    const worker = new Worker(SOURCE, { eval: true, workerData: options });
    // A bench that fails mid-window still exits: the thread does not hold the process open.
    worker.unref();
    return new StatusLoadThread(worker);
  }

  /** Stops sending, waits for the requests in flight, and returns what the thread measured. */
  async stop(): Promise<StatusLoadResult> {
    const result = new Promise<StatusLoadResult>((resolve, reject) => {
      this.worker.once('message', (m: Omit<StatusLoadResult, 'wireLatencies' | 'separateCpuMs'>) =>
        resolve({ ...m, wireLatencies: null, separateCpuMs: 0 }),
      );
      this.worker.once('error', reject);
    });
    this.worker.postMessage('stop');
    try {
      return await result;
    } finally {
      await this.worker.terminate();
    }
  }
}
