/**
 * Serialises whole-file writes: at most one in flight and one queued. Each write reads the state
 * when it starts, so a burst of changes coalesces into two writes and none is lost, and the file
 * never goes back in time.
 */
export class CoalescedWrites {
  private inflight: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(private readonly write: () => Promise<void>) {}

  /** Resolves once a write that began after the call has landed (rejects if that write fails). */
  request(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.inflight) return this.start();
    this.queued = this.inflight
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.start();
      });
    return this.queued;
  }

  /** Settles once the writes requested so far have, whatever their outcome. */
  async idle(): Promise<void> {
    await (this.queued ?? this.inflight)?.catch(() => undefined);
  }

  private start(): Promise<void> {
    const write = this.write().finally(() => {
      if (this.inflight === write) this.inflight = null;
    });
    this.inflight = write;
    return write;
  }
}
