// Operator commands: each asks for confirmation, then shows the server's answer as it came.
import { api, describeAnswer, Unauthorized } from './api.js';

const PATHS = {
  start: (s) => `/engines/start/${s}`,
  stop: (s) => `/engines/stop/${s}`,
  restart: (s) => `/engines/restart/${s}`,
  pause: (s) => `/engines/${s}/pause`,
  resume: (s) => `/engines/${s}/resume`,
  flatten: (s) => `/engines/${s}/flatten`,
};

const QUESTIONS = {
  start: (s) => `Start ${s}? It stays running across restarts.`,
  stop: (s) => `Stop ${s}? It stays stopped across restarts; a position keeps its venue stop.`,
  restart: (s) => `Restart ${s}? Its restart history is cleared.`,
  pause: (s) => `Pause ${s}? No new entries; an open position stays cared for.`,
  resume: (s) => `Resume ${s}?`,
  flatten: (s) => `Flatten ${s}? Its position is closed at market (reduce-only).`,
};

export class Actions {
  constructor({ confirm, answerEl, store, onUnauthorized }) {
    this.confirm = confirm;
    this.answerEl = answerEl;
    this.store = store;
    this.onUnauthorized = onUnauthorized;
    this.killSwitch = { engaged: false };
    this.onKillSwitch = () => undefined;
    this.hideTimer = null;
  }

  async engine(action, symbol) {
    const path = PATHS[action];
    if (!path) return;
    const { confirmed } = await this.confirm.ask(QUESTIONS[action](symbol), {
      confirmLabel: action[0].toUpperCase() + action.slice(1),
    });
    if (!confirmed) return;
    const answer = await this.send(`${action} ${symbol}`, path(encodeURIComponent(symbol)), {});
    if (answer?.ok && answer.body?.symbol && answer.body?.status) {
      this.store.applyStatus({ symbol: answer.body.symbol, status: answer.body.status });
    }
  }

  async toggleKillSwitch() {
    const engage = !this.killSwitch.engaged;
    const { confirmed, flatten } = await this.confirm.ask(
      engage
        ? 'Engage the kill switch? No engine opens a new position until it is released.'
        : 'Release the kill switch? Engines may open positions again.',
      { offerFlatten: engage, confirmLabel: engage ? 'Engage' : 'Release' },
    );
    if (!confirmed) return;
    const body = engage ? { engaged: true, flatten } : { engaged: false };
    const answer = await this.send('kill switch', '/trading/kill-switch', body);
    if (answer?.ok) this.setKillSwitch({ engaged: answer.body.engaged, at: answer.body.at });
  }

  async refreshKillSwitch() {
    const res = await api('/trading/risk-status');
    if (res.ok) this.setKillSwitch(res.body.killSwitch);
    return res;
  }

  setKillSwitch(state) {
    this.killSwitch = state;
    this.onKillSwitch(state);
  }

  async send(what, path, body) {
    try {
      const answer = await api(path, { method: 'POST', body });
      this.show(`${what} → ${describeAnswer(answer)}`, answer.ok, answer.status);
      return answer;
    } catch (err) {
      if (err instanceof Unauthorized) {
        this.onUnauthorized(err.message);
        return null;
      }
      this.show(`${what} → no answer: ${err.message}`, false, 0);
      return null;
    }
  }

  show(text, ok, status) {
    const el = this.answerEl;
    el.textContent = text;
    el.dataset.ok = String(ok);
    el.dataset.status = String(status);
    el.hidden = false;
    clearTimeout(this.hideTimer);
    this.hideTimer = setTimeout(() => {
      el.hidden = true;
    }, 8000);
  }
}
