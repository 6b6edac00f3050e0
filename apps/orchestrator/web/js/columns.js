// The fleet table's columns: header, cell text, CSS class and sort key per EngineStatus.
import { ageMs, decimal, duration, signOf, time } from './format.js';

const LIVE = new Set(['starting', 'running', 'paused']);

// Sort keys only: ordering by a float is fine, display always uses the decimal string.
const num = (s) => (s === null || s === undefined ? -Infinity : Number(s));

const positionText = (p) => (p ? `${p.side} ${decimal(p.qty, 6)}` : 'flat');
const signedQty = (p) => (p ? (p.side === 'short' ? -1 : 1) * Number(p.qty) : 0);

/** ctx: { store, lastSignal(symbol) }. */
export const COLUMNS = [
  {
    key: 'symbol',
    title: 'Symbol',
    text: (e) => e.symbol,
    sort: (e) => e.symbol,
  },
  {
    key: 'state',
    title: 'State',
    text: (e) => e.status ?? '?',
    cls: (e) => `state s-${e.status}`,
    sort: (e) => e.status ?? '',
  },
  {
    key: 'uptime',
    title: 'Uptime',
    text: (e, ctx) => duration(ctx.store.uptimeSeconds(e)),
    sort: (e, ctx) => ctx.store.uptimeSeconds(e) ?? -1,
    num: true,
  },
  {
    key: 'restarts',
    title: 'Restarts',
    text: (e) => String(e.restartCount ?? 0),
    sort: (e) => e.restartCount ?? 0,
    num: true,
  },
  {
    key: 'heartbeat',
    title: 'Heartbeat',
    text: (e, ctx) => ageMs(ctx.store.heartbeatAgeMs(e)),
    // Only a live engine's silence matters; a stopped one's last beat just ages.
    cls: (e, ctx) =>
      LIVE.has(e.status) && (ctx.store.heartbeatAgeMs(e) ?? 0) > 5000 ? 'stale' : '',
    sort: (e, ctx) => ctx.store.heartbeatAgeMs(e) ?? -1,
    num: true,
  },
  {
    key: 'position',
    title: 'Position',
    text: (e) => positionText(e.position),
    cls: (e) => (e.position ? `side-${e.position.side}` : 'muted'),
    sort: (e) => signedQty(e.position),
    num: true,
  },
  {
    key: 'stop',
    title: 'Stop',
    text: (e) => (e.position ? decimal(e.position.stopPrice, 6) : '–'),
    cls: (e) => (e.position && !e.position.stopConfirmed ? 'unprotected' : ''),
    sort: (e) => num(e.position?.stopPrice),
    num: true,
  },
  {
    key: 'upnl',
    title: 'Unrealised',
    text: (e) => decimal(e.unrealizedPnl),
    cls: (e) => `pnl ${signOf(e.unrealizedPnl)}`,
    sort: (e) => num(e.unrealizedPnl),
    num: true,
  },
  {
    key: 'rpnl',
    title: 'Realised',
    text: (e) => decimal(e.realizedPnl),
    cls: (e) => `pnl ${signOf(e.realizedPnl)}`,
    sort: (e) => num(e.realizedPnl),
    num: true,
  },
  {
    key: 'signal',
    title: 'Last signal',
    text: (e, ctx) => {
      const s = ctx.lastSignal(e.symbol);
      return s ? `${s.side} ${time(s.at)}` : '–';
    },
    sort: (e, ctx) => ctx.lastSignal(e.symbol)?.at ?? '',
  },
];

/** Buttons per row; which are enabled follows the engine's state. */
export const ROW_ACTIONS = [
  { action: 'start', label: 'Start', when: (s) => ['stopped', 'failed'].includes(s) },
  { action: 'stop', label: 'Stop', when: (s) => !['stopped', 'stopping'].includes(s) },
  { action: 'restart', label: 'Restart', when: () => true },
  { action: 'pause', label: 'Pause', when: (s) => s === 'running' },
  { action: 'resume', label: 'Resume', when: (s) => s === 'paused' },
  { action: 'flatten', label: 'Flatten', when: (s) => ['running', 'paused'].includes(s) },
];
