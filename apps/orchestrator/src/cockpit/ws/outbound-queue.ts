import { ConflatedDiff, type FleetDiff } from './fleet-differ';
import { droppedFrame, type Frame } from './ws-frames';

interface Queued {
  readonly data: Frame;
  /** Events may be dropped (the client is told how many); replies and snapshots may not. */
  readonly droppable: boolean;
}

/**
 * What a client has waiting while its socket is full: bounded in frames and bytes. Fleet diffs are
 * not queued but merged per symbol into one pending diff; past a bound the oldest droppable frames
 * go first and a `dropped` notice takes their place at the head. When nothing droppable is left
 * to make room, push refuses: the client is too slow to keep and is closed.
 */
export class OutboundQueue {
  private frames: Queued[] = [];
  private bytes = 0;
  private dropped = 0;
  private readonly fleet = new ConflatedDiff();

  constructor(
    private readonly maxFrames: number,
    private readonly maxBytes: number,
    private readonly fleetFrame: (diff: FleetDiff) => Frame,
  ) {}

  get isEmpty(): boolean {
    return this.frames.length === 0 && this.dropped === 0 && this.fleet.isEmpty;
  }

  get byteLength(): number {
    return this.bytes;
  }

  get length(): number {
    return this.frames.length;
  }

  /** false: over the bounds with nothing left to drop. */
  push(data: Frame, droppable: boolean): boolean {
    this.frames.push({ data, droppable });
    this.bytes += data.length;
    while (this.frames.length > this.maxFrames || this.bytes > this.maxBytes) {
      const oldest = this.frames.findIndex((f) => f.droppable);
      if (oldest < 0) return false;
      const [gone] = this.frames.splice(oldest, 1);
      this.bytes -= gone.data.length;
      this.dropped++;
    }
    return true;
  }

  mergeFleetDiff(diff: FleetDiff): void {
    this.fleet.merge(diff);
  }

  /** The next frame to write: the drop notice, then the queued frames in order, then the merged fleet diff. */
  take(): Frame | undefined {
    if (this.dropped > 0) {
      const notice = droppedFrame(this.dropped);
      this.dropped = 0;
      return notice;
    }
    const next = this.frames.shift();
    if (next) {
      this.bytes -= next.data.length;
      return next.data;
    }
    return this.fleet.isEmpty ? undefined : this.fleetFrame(this.fleet.take());
  }

  clear(): void {
    this.frames = [];
    this.bytes = 0;
    this.dropped = 0;
    this.fleet.take();
  }
}
