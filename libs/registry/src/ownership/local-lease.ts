import type { FenceToken, LeaseStatus, OwnershipLease } from './ownership-lease';

/**
 * The lease of a process whose ownership was settled before boot (the JSON registry's DATA_DIR
 * lock): always the owner, epoch 1, nothing to renew.
 */
export class LocalLease implements OwnershipLease {
  private released = false;

  constructor(
    private readonly name: string,
    private readonly self: string,
  ) {}

  status(): LeaseStatus {
    const state = this.released ? 'released' : 'owner';
    return { name: this.name, self: this.self, state, epoch: 1, holder: this.self };
  }

  fence(): FenceToken | null {
    return this.released ? null : { name: this.name, holder: this.self, epoch: 1 };
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  whenOwner(): Promise<FenceToken> {
    return Promise.resolve({ name: this.name, holder: this.self, epoch: 1 });
  }

  release(): Promise<void> {
    this.released = true;
    return Promise.resolve();
  }

  onChange(): () => void {
    return () => undefined;
  }
}
