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

  async poll() {
    try {
      const headers = { Accept: 'application/json' };
      if (this.etag) headers['If-None-Match'] = this.etag;
      const res = await fetch('/engines/status', { headers, cache: 'no-store' });
      if (res.status !== 200 || this.timer === null) return;
      this.etag = res.headers.get('ETag');
      this.store.applySnapshot(await res.json(), res.headers.get('Date'));
    } catch {
      // Unreachable: the dependency banner says so; the next tick tries again.
    }
  }
}
