// A banner while the venue, the database (registry) or the feed is down: GET /health/deps every 5 s.
import { time } from './format.js';

const POLL_MS = 5000;
const NAMES = { registry: 'Database (registry)', venue: 'Venue', market_data: 'Market data feed' };

export class HealthBanner {
  constructor(bannerEl) {
    this.el = bannerEl;
    this.timer = null;
  }

  start() {
    void this.poll();
    this.timer = setInterval(() => void this.poll(), POLL_MS);
  }

  async poll() {
    try {
      const res = await fetch('/health/deps', {
        cache: 'no-store',
        headers: { Accept: 'application/json' },
      });
      if (!res.ok) return this.show([`Orchestrator answered ${res.status} to /health/deps`]);
      const body = await res.json();
      const lines = (body.degraded ?? []).map((name) => {
        const dep = body.dependencies?.[name] ?? {};
        const since = dep.since ? ` since ${time(dep.since)}` : '';
        const why = dep.lastError ? `: ${dep.lastError}` : '';
        return `${NAMES[name] ?? name} ${dep.status ?? 'down'}${since}${why}`;
      });
      this.show(lines);
    } catch (err) {
      this.show([`Orchestrator unreachable: ${err.message}`]);
    }
  }

  show(lines) {
    this.el.hidden = lines.length === 0;
    this.el.textContent = lines.join(' · ');
    this.el.dataset.down = lines.length > 0 ? 'true' : 'false';
  }
}
