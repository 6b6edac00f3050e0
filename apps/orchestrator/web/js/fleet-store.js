// The fleet as the page knows it: a snapshot, then diffs merged per symbol. Ages are derived
// locally from startedAt / lastHeartbeat and the server's clock (they are not diffed).
const LIVE = new Set(['starting', 'running', 'paused']);

export class FleetStore {
  constructor(onChange) {
    this.engines = new Map();
    this.onChange = onChange;
    this.clockOffsetMs = 0;
    this.version = 0;
    /** Fleet snapshots from the feed so far: a REST read started before one must not overwrite it. */
    this.feedSnapshots = 0;
  }

  /** serverTime (ISO) minus the browser's clock, so ages match the server's view. */
  syncClock(serverTime) {
    const t = Date.parse(serverTime ?? '');
    if (Number.isFinite(t)) this.clockOffsetMs = t - Date.now();
  }

  serverNowMs() {
    return Date.now() + this.clockOffsetMs;
  }

  applySnapshot(data, serverTime) {
    this.syncClock(serverTime);
    this.engines.clear();
    for (const e of data.engines ?? []) this.engines.set(e.symbol, { ...e });
    this.changed();
  }

  applyDiff(data) {
    for (const patch of data.engines ?? []) {
      const prev = this.engines.get(patch.symbol);
      this.engines.set(patch.symbol, prev ? { ...prev, ...patch } : { ...patch });
    }
    for (const symbol of data.removed ?? []) this.engines.delete(symbol);
    this.changed();
  }

  /** A full EngineStatus (engine:S 'status' event, or a command's follow-up). */
  applyStatus(status) {
    if (!status?.symbol) return;
    this.engines.set(status.symbol, { ...this.engines.get(status.symbol), ...status });
    this.changed();
  }

  changed() {
    this.version += 1;
    this.onChange();
  }

  get(symbol) {
    return this.engines.get(symbol);
  }

  all() {
    return [...this.engines.values()];
  }

  uptimeSeconds(e) {
    if (!LIVE.has(e.status) || !e.startedAt) return null;
    return Math.max(0, Math.floor((this.serverNowMs() - Date.parse(e.startedAt)) / 1000));
  }

  heartbeatAgeMs(e) {
    if (!e.lastHeartbeat) return null;
    return Math.max(0, this.serverNowMs() - Date.parse(e.lastHeartbeat));
  }

  counts() {
    const c = { total: 0, running: 0, crashed: 0, stopped: 0, failed: 0 };
    for (const e of this.engines.values()) {
      c.total += 1;
      if (LIVE.has(e.status)) c.running += 1;
      else if (e.status === 'crashed' || e.status === 'backoff') c.crashed += 1;
      else if (e.status === 'stopped' || e.status === 'stopping') c.stopped += 1;
      else if (e.status === 'failed') c.failed += 1;
    }
    return c;
  }
}
