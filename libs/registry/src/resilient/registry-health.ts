import { errorMessage, type StructuredLogger } from '@flotilla/core';

/** A queued write the store refused for a reason other than an outage; it was not applied. */
export interface RejectedWrite {
  symbol: string;
  error: string;
  at: string;
}

export interface RegistryHealth {
  ok: boolean;
  pendingWrites: number;
  lastError?: string;
  /** Present while some symbol's last queued write was refused (cleared by its next write that lands). */
  rejectedWrites?: RejectedWrite[];
}

export type RegistryHealthListener = (health: RegistryHealth) => void;

/** Up or down with the last outage error, the refused writes, and who to tell when up/down changes. */
export class RegistryHealthState {
  private up = true;
  private lastError: string | undefined;
  private readonly rejected = new Map<string, RejectedWrite>();
  private readonly listeners = new Set<RegistryHealthListener>();

  constructor(
    private readonly storeName: string,
    private readonly logger: StructuredLogger,
    private readonly pendingWrites: () => number,
  ) {}

  get ok(): boolean {
    return this.up;
  }

  snapshot(): RegistryHealth {
    const health: RegistryHealth = { ok: this.up, pendingWrites: this.pendingWrites() };
    if (this.lastError !== undefined) health.lastError = this.lastError;
    if (this.rejected.size > 0) health.rejectedWrites = [...this.rejected.values()];
    return health;
  }

  subscribe(listener: RegistryHealthListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  markDown(err: unknown): void {
    this.lastError = `${this.storeName}: ${errorMessage(err)}`;
    if (!this.up) return;
    this.up = false;
    this.logger.error('engine registry store unavailable; queueing writes', {
      store: this.storeName,
      error: this.lastError,
    });
    this.emit();
  }

  markUp(): void {
    if (this.up) return;
    this.up = true;
    this.lastError = undefined;
    this.logger.info('engine registry store is back; queued writes landed', {
      store: this.storeName,
    });
    this.emit();
  }

  rejectWrite(symbol: string, error: string, at: string): void {
    this.rejected.set(symbol, { symbol, error, at });
  }

  acceptWrite(symbol: string): void {
    this.rejected.delete(symbol);
  }

  private emit(): void {
    const health = this.snapshot();
    for (const listener of this.listeners) {
      try {
        listener(health);
      } catch (err) {
        this.logger.error('registry health listener threw', { error: (err as Error).message });
      }
    }
  }
}
