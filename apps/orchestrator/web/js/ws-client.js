// The /ws feed: auth as the first message, resubscribe after every reconnect, backoff with jitter.
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 10_000;
const UNAUTHORIZED = 4401;

export class FeedClient {
  /**
   * handlers: onMessage(msg), onState('connecting'|'live'|'offline'), onUnauthorized(reason).
   * tokenOf() is read on every connect, so a new token is used without rebuilding the client.
   */
  constructor({ tokenOf, onMessage, onState, onUnauthorized }) {
    this.tokenOf = tokenOf;
    this.onMessage = onMessage;
    this.onState = onState;
    this.onUnauthorized = onUnauthorized;
    this.topics = new Set();
    this.socket = null;
    this.attempt = 0;
    this.timer = null;
    this.stopped = true;
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.socket?.close(1000, 'bye');
    this.socket = null;
    this.onState('offline');
  }

  subscribe(topics) {
    const fresh = topics.filter((t) => !this.topics.has(t));
    fresh.forEach((t) => this.topics.add(t));
    if (fresh.length > 0 && this.live) this.send({ op: 'subscribe', topics: fresh });
  }

  unsubscribe(topics) {
    const gone = topics.filter((t) => this.topics.delete(t));
    if (gone.length > 0 && this.live) this.send({ op: 'unsubscribe', topics: gone });
  }

  get live() {
    return this.socket?.readyState === WebSocket.OPEN && this.welcomed;
  }

  send(msg) {
    this.socket?.send(JSON.stringify(msg));
  }

  connect() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/ws`);
    this.socket = socket;
    this.welcomed = false;
    this.onState('connecting');
    socket.addEventListener('open', () => {
      performance.mark('feed:open');
      socket.send(JSON.stringify({ op: 'auth', token: this.tokenOf() ?? '' }));
    });
    socket.addEventListener('message', (ev) => {
      let msg;
      try {
        msg = JSON.parse(ev.data);
      } catch {
        return;
      }
      if (msg.type === 'welcome') {
        performance.mark('feed:welcome');
        this.welcomed = true;
        this.attempt = 0;
        this.onState('live');
        if (this.topics.size > 0) this.send({ op: 'subscribe', topics: [...this.topics] });
      }
      this.onMessage(msg);
    });
    socket.addEventListener('close', (ev) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.welcomed = false;
      if (ev.code === UNAUTHORIZED) {
        this.stopped = true;
        this.onState('offline');
        this.onUnauthorized(ev.reason || 'unauthorized');
        return;
      }
      if (this.stopped) return;
      this.onState('offline');
      this.retry();
    });
  }

  retry() {
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** this.attempt);
    this.attempt += 1;
    const delayMs = ceiling / 2 + Math.random() * (ceiling / 2);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (!this.stopped) this.connect();
    }, delayMs);
  }
}
