import { Agent, get } from 'node:http';
import { percentile } from './stats';

/**
 * An open-loop GET load at a fixed rate over a keep-alive agent, bodies drained (node:http, not
 * fetch: the client shares the cores with the service and the sim, so it must be cheap).
 */
export class StatusLoad {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  private readonly latencies: number[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private errors = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    private readonly ratePerS: number,
    private readonly gzip: boolean,
  ) {}

  start(): this {
    if (this.ratePerS <= 0) return this;
    this.timer = setInterval(() => this.one(), 1000 / this.ratePerS);
    return this;
  }

  async stop(): Promise<{
    p50Ms: number | null;
    p99Ms: number | null;
    requests: number;
    errors: number;
  }> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all([...this.inFlight]);
    this.agent.destroy();
    return {
      p50Ms: percentile(this.latencies, 50),
      p99Ms: percentile(this.latencies, 99),
      requests: this.latencies.length,
      errors: this.errors,
    };
  }

  private one(): void {
    const started = performance.now();
    const headers = this.gzip ? { 'accept-encoding': 'gzip' } : {};
    const p = new Promise<number>((resolve, reject) => {
      const req = get(this.url, { agent: this.agent, headers }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.on('error', reject);
    })
      .then((code) => {
        if (code === 200) this.latencies.push(performance.now() - started);
        else this.errors++;
      })
      .catch(() => void this.errors++)
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }
}
