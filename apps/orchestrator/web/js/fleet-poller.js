// While /ws is not live (a proxy that drops upgrades, a reconnect in progress) the table still
// moves: GET /engines/status every second, revalidated with its ETag (304 while nothing changed).
import { tokenStore } from './api.js';

const POLL_MS = 1000;

export class FleetPoller {
  constructor(store) {
    this.store = store;
    this.timer = null;
    this.etag = null;
  }

  /** Polls only while the feed is down (not while it first connects); its snapshot takes over when live. */
  setFeedState(state) {
    if (state === 'live') this.stop();
    else if (state === 'offline' && tokenStore.get()) this.start();
  }

  start() {
    if (this.timer !== null) return;
    this.timer = setInterval(() => void this.poll(), POLL_MS);
    void this.poll();
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
    this.etag = null;
  }

  /** Once, at page start, in parallel with the feed's handshake: the first paint need not wait for it. */
  async first() {
    await this.poll(true);
  }

  async poll(once = false) {
    const feedSnapshots = this.store.feedSnapshots;
    try {
      const headers = { Accept: 'application/json' };
      if (this.etag && !once) headers['If-None-Match'] = this.etag;
      const res = await fetch('/engines/status', { headers, cache: 'no-store' });
      // Never over the feed's newer state: not once it has sent a snapshot, nor once polling stopped.
      if (res.status !== 200 || this.store.feedSnapshots !== feedSnapshots) return;
      if (!once && this.timer === null) return;
      if (!once) this.etag = res.headers.get('ETag');
      this.store.applySnapshot(await res.json(), res.headers.get('Date'));
      performance.mark('fleet:rest-snapshot');
    } catch {
      // Unreachable: the dependency banner says so; the next tick tries again.
    }
  }
}
