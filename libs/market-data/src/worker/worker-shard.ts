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

/** One ingestion worker as the main thread sees it: its messages in, its last health snapshot. */
export class WorkerShard {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  health: WorkerHealth | undefined;
  state: WorkerState | undefined;

  constructor(
    script: string,
    init: WorkerInit,
    private readonly onEvents: (events: WireEvent[]) => void,
    private readonly onHealth: (health: WorkerHealth) => void,
    private readonly logger: StructuredLogger,
  ) {
    this.worker = new Worker(script, { workerData: init });
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.on('message', (msg: FromWorker) => this.onMessage(msg));
    this.worker.on('error', (err: Error) => {
      logger.error('market-data worker failed', { shard: init.shard, error: err.message });
    });
  }

  post(msg: ToWorker): void {
    this.worker.postMessage(msg);
  }

  /** Asks the worker to close its sockets; terminates it if it has not exited within 2 s. */
  async close(): Promise<void> {
    this.post({ op: 'close' });
    const timer = setTimeout(() => void this.worker.terminate(), 2000);
    await this.exited;
    clearTimeout(timer);
  }

  private onMessage(msg: FromWorker): void {
    switch (msg.kind) {
      case 'events':
        this.state = msg.state;
        return this.onEvents(msg.events);
      case 'state':
        this.state = msg.state;
        return;
      case 'health':
        this.health = msg.health;
        this.state = msg.health;
        return this.onHealth(msg.health);
      case 'log':
        return this.logger[msg.level](msg.msg, msg.fields);
      case 'closed':
        return;
    }
  }
}
