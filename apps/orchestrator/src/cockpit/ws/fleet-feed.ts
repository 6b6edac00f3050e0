import type { Clock, TimerHandle } from '@flotilla/core';
import type { FleetStatus } from '../../supervisor';
import { FleetDiffer, type FleetDiff } from './fleet-differ';
import { eventFrame, snapshotFrame, type Frame } from './ws-frames';

/**
 * The fleet topic's producer: polls the fleet status every intervalMs, but only while someone is
 * subscribed, and hands each diff, serialised once, to every subscriber. Snapshots are built at
 * most once per interval however many clients subscribe at once.
 */
export class FleetFeed {
  private readonly differ = new FleetDiffer();
  private timer: TimerHandle | null = null;
  private snapshot: { frame: Frame; builtAtMs: number } | null = null;
  private lastVolatileMs = 0;

  constructor(
    private readonly source: () => FleetStatus,
    private readonly clock: Clock,
    private readonly intervalMs: number,
    /** How often heartbeats, event counts and feed times are diffed (see FleetDiffer's VOLATILE). */
    private readonly volatileIntervalMs: number,
    private readonly onDiff: (diff: FleetDiff, frame: Frame) => void,
  ) {}

  get running(): boolean {
    return this.timer !== null;
  }

  /** The `fleet` snapshot frame; starts the differ (from this very fleet) if it was idle. */
  snapshotFrame(): Frame {
    const now = this.clock.monotonicMs();
    if (this.snapshot !== null && now - this.snapshot.builtAtMs < this.intervalMs)
      return this.snapshot.frame;
    const fleet = this.source();
    if (this.timer === null) {
      this.differ.reset(fleet.engines);
      this.lastVolatileMs = now;
      this.timer = this.clock.setInterval(() => this.poll(), this.intervalMs);
    }
    const frame = snapshotFrame('fleet', fleet, this.clock.now());
    this.snapshot = { frame, builtAtMs: now };
    return frame;
  }

  /** The last subscriber left: no more polling. */
  stop(): void {
    this.timer?.cancel();
    this.timer = null;
    this.snapshot = null;
    this.differ.reset([]);
  }

  private poll(): void {
    const now = this.clock.monotonicMs();
    const withVolatile = now - this.lastVolatileMs >= this.volatileIntervalMs;
    if (withVolatile) this.lastVolatileMs = now;
    const diff = this.differ.next(this.source().engines, withVolatile);
    if (diff === null) return;
    this.snapshot = null;
    this.onDiff(diff, eventFrame('fleet', 'diff', diff, this.clock.now()));
  }
}
