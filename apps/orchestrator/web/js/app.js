// Bootstrap: ask for the token once (kept in sessionStorage), then wire the feed, the fleet
// table, the detail view, actions, alerts and the dependency banner.
import { Actions } from './actions.js';
import { AlertsPanel } from './alerts-panel.js';
import { tokenStore, Unauthorized } from './api.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { DetailView } from './detail-view.js';
import { FleetStore } from './fleet-store.js';
import { FleetPoller } from './fleet-poller.js';
import { FleetTable } from './fleet-table.js';
import { frameScheduler } from './frame-scheduler.js';
import { HealthBanner } from './health-banner.js';
import { FeedClient } from './ws-client.js';

const $ = (id) => document.getElementById(id);
const AGE_REPAINT_MS = 1000;

const lastSignals = new Map();
const paintSummary = frameScheduler(() => {
  const c = store.counts();
  $('summary').textContent =
    `${c.total} engines · ${c.running} running · ${c.crashed} crashed · ${c.stopped} stopped · ${c.failed} failed`;
});
const store = new FleetStore(() => {
  table.schedule();
  paintSummary();
});
const ctx = { store, lastSignal: (symbol) => lastSignals.get(symbol) };
const poller = new FleetPoller(store);

const feed = new FeedClient({
  tokenOf: () => tokenStore.get(),
  onMessage: (msg) => route(msg),
  onState: (state) => {
    $('conn').textContent = state;
    $('conn').dataset.state = state;
    poller.setFeedState(state);
  },
  onUnauthorized: (reason) => askForToken(`The feed refused the token (${reason}).`),
});

const confirm = new ConfirmDialog({
  dialog: $('confirm'),
  text: $('confirm-text'),
  flattenRow: $('confirm-flatten-row'),
  flatten: $('confirm-flatten'),
  ok: $('confirm-ok'),
  cancel: $('confirm-cancel'),
});
const actions = new Actions({
  confirm,
  answerEl: $('answer'),
  store,
  onUnauthorized: (reason) => askForToken(`The server refused the token (${reason}).`),
});
actions.onKillSwitch = (state) => {
  $('kill-switch').textContent = state.engaged ? 'Release kill switch…' : 'Kill switch…';
  $('kill-state').textContent = state.engaged ? 'KILL SWITCH ENGAGED' : '';
  document.body.classList.toggle('killed', Boolean(state.engaged));
};

const detail = new DetailView({
  dom: {
    root: $('detail'),
    symbol: $('detail-symbol'),
    state: $('detail-state'),
    actions: $('detail-actions'),
    close: $('detail-close'),
    sparkMid: $('spark-mid'),
    sparkPnl: $('spark-pnl'),
    midLast: $('mid-last'),
    pnlLast: $('pnl-last'),
    book: $('detail-book'),
    signals: $('detail-signals'),
    fills: $('detail-fills'),
  },
  feed,
  store,
  onAction: (action, symbol) => void actions.engine(action, symbol),
  onClose: () => table.select(null),
});

const table = new FleetTable({
  store,
  ctx,
  dom: {
    head: $('grid-head'),
    viewport: $('viewport'),
    spacer: $('spacer'),
    rows: $('rows'),
    count: $('row-count'),
    filter: $('filter'),
    stateFilter: $('state-filter'),
  },
  onAction: (action, symbol) => void actions.engine(action, symbol),
  onSelect: (symbol) => {
    table.select(symbol);
    detail.open(symbol);
  },
});

const alerts = new AlertsPanel($('alert-list'));
const banner = new HealthBanner($('banner'));

function noteSignal(s) {
  if (s?.symbol) lastSignals.set(s.symbol, { side: s.side, at: s.at });
}

function route(msg) {
  if (msg.serverTime && (msg.type === 'welcome' || msg.type === 'heartbeat'))
    store.syncClock(msg.serverTime);
  if (msg.type === 'error') {
    actions.show(`feed: ${msg.code} ${msg.message}`, false, 0);
    return;
  }
  if (msg.type !== 'snapshot' && msg.type !== 'event') return;
  if (msg.topic === 'fleet') {
    if (msg.type === 'snapshot') {
      store.feedSnapshots += 1;
      store.applySnapshot(msg.data, msg.serverTime);
      performance.mark('fleet:feed-snapshot');
    } else if (msg.kind === 'diff') store.applyDiff(msg.data);
  } else if (msg.topic === 'signals') {
    if (msg.type === 'snapshot') (msg.data?.items ?? []).forEach(noteSignal);
    else noteSignal(msg.data);
    table.schedule();
  } else if (msg.topic === 'alerts') {
    alerts.handle(msg);
    if (msg.data?.cause === 'kill-switch') void actions.refreshKillSwitch().catch(() => undefined);
  } else {
    detail.handle(msg);
  }
}

function askForToken(error = '') {
  feed.stop();
  poller.stop();
  detail.close();
  tokenStore.clear();
  $('main').hidden = true;
  $('kill-switch').hidden = true;
  $('logout').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = error;
  $('token').value = '';
  $('token').focus();
}

/**
 * The token is checked by an authenticated read (which also gives the kill switch's state); the
 * feed connects meanwhile, and a refused token closes it (4401) and asks again.
 */
async function enter() {
  $('login').hidden = true;
  $('main').hidden = false;
  $('kill-switch').hidden = false;
  $('logout').hidden = false;
  feed.subscribe(['fleet', 'signals', 'alerts']);
  feed.start();
  void poller.first();
  table.schedule();
  try {
    const res = await actions.refreshKillSwitch();
    if (!res.ok) throw new Error(`GET /trading/risk-status answered ${res.status}`);
  } catch (err) {
    askForToken(
      err instanceof Unauthorized
        ? 'That token was refused.'
        : `Cannot reach the service: ${err.message}`,
    );
  }
}

$('login-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const token = $('token').value.trim();
  if (!token) return;
  tokenStore.set(token);
  void enter();
});
$('logout').addEventListener('click', () => askForToken());
$('kill-switch').addEventListener('click', () => void actions.toggleKillSwitch());
setInterval(() => table.schedule(), AGE_REPAINT_MS);
banner.start();

if (tokenStore.get()) void enter();
else askForToken();
