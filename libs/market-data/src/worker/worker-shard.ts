import { Worker } from 'node:worker_threads';
import type { StructuredLogger } from '@flotilla/core';
import type {
  FromWorker,
  ToWorker,
  WireEvent,
  WorkerHealth,
  WorkerInit,
  WorkerState,
} from './protocol';

export interface ShardEvents {
  events(events: WireEvent[], levels: Float64Array | null): void;
  health(health: WorkerHealth): void;
  /** A replacement worker started after a crash: the shard's symbols must be subscribed again. */
  restarted(): void;
}

const RESTART_DELAY_MS = 1000;

/**
 * One ingestion worker as the main thread sees it: its messages in, its last state and health.
 * A worker that dies (uncaught error, out of memory) is replaced after a second.
 */
export class WorkerShard {
  private worker: Worker;
  private exited: Promise<void>;
  private closing = false;
  restarts = 0;
  health: WorkerHealth | undefined;
  state: WorkerState | undefined;

  constructor(
    private readonly script: string,
    private readonly init: WorkerInit,
    private readonly on: ShardEvents,
    private readonly logger: StructuredLogger,
  ) {
    [this.worker, this.exited] = this.spawn();
  }

  post(msg: ToWorker): void {
    this.worker.postMessage(msg);
  }

  /** Stops the worker abruptly, as a crash would; it is replaced like one. */
  kill(): void {
    void this.worker.terminate();
  }

  /** Asks the worker to close its sockets; terminates it if it has not exited within 2 s. */
  async close(): Promise<void> {
    this.closing = true;
    this.post({ op: 'close' });
    const timer = setTimeout(() => void this.worker.terminate(), 2000);
    await this.exited;
    clearTimeout(timer);
  }

  private spawn(): [Worker, Promise<void>] {
    const worker = new Worker(this.script, { workerData: this.init });
    worker.on('message', (msg: FromWorker) => this.onMessage(msg));
    worker.on('error', (err: Error) => {
      this.logger.error('market-data worker failed', {
        shard: this.init.shard,
        error: err.message,
      });
    });
    const exited = new Promise<void>((resolve) =>
      worker.once('exit', (code) => {
        resolve();
        if (!this.closing) this.replace(code);
      }),
    );
    return [worker, exited];
  }

  private replace(code: number): void {
    this.logger.error('market-data worker exited; starting another', {
      shard: this.init.shard,
      code,
      delayMs: RESTART_DELAY_MS,
    });
    this.state = undefined;
    this.health = undefined;
    setTimeout(() => {
      if (this.closing) return;
      this.restarts++;
      [this.worker, this.exited] = this.spawn();
      this.on.restarted();
    }, RESTART_DELAY_MS).unref();
  }

  private onMessage(msg: FromWorker): void {
    switch (msg.kind) {
      case 'events':
        this.state = msg.state;
        return this.on.events(msg.events, msg.levels);
      case 'state':
        this.state = msg.state;
        return;
      case 'health':
        this.health = msg.health;
        this.state = msg.health;
        return this.on.health(msg.health);
      case 'log':
        return this.logger[msg.level](msg.msg, msg.fields);
      case 'closed':
        return;
    }
  }
}
