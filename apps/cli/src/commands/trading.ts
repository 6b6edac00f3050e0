import { parseCount, parseSince } from '../durations';
import { EXIT, usageError } from '../exit-codes';
import { printJson, table } from '../output';
import type { Command } from './context';

interface KillSwitchJson {
  engaged: boolean;
  at: string | null;
  by: string | null;
  flatten: boolean;
  flattened: string[];
  failed: { symbol: string; message: string }[];
}

interface PositionJson {
  symbol: string;
  state: string;
  side: string;
  qty: string;
  entryPrice: string | null;
  stopPrice: string | null;
  stopConfirmed: boolean;
  unrealizedPnl: string;
  realizedPnl: string;
  openedAt: string | null;
}

interface PositionsJson {
  positions: PositionJson[];
  totals: { engines: number; openPositions: number; unrealizedPnl: string; realizedPnl: string };
}

interface AuditEntryJson {
  at: string;
  symbol: string | null;
  action: string;
  traceId: string | null;
  actor: string;
  details?: Record<string, unknown>;
}

export const killSwitch: Command = async ({ args, options, client, output }) => {
  const word = args[0].toLowerCase();
  if (word !== 'on' && word !== 'off')
    throw usageError(`kill-switch takes on or off, not "${args[0]}"`);
  if (word === 'off' && options.flatten)
    throw usageError('--flatten goes with kill-switch on only');
  const body = { engaged: word === 'on', ...(options.flatten ? { flatten: true } : {}) };
  const res = await client.post<KillSwitchJson>('/trading/kill-switch', body);
  if (options.json) {
    printJson(output, res);
    return EXIT.ok;
  }
  output.out(
    res.engaged
      ? `kill switch engaged${res.by ? ` by ${res.by}` : ''}\n`
      : 'kill switch released\n',
  );
  if (res.flatten) output.out(`flattened: ${res.flattened.join(', ') || 'none'}\n`);
  for (const f of res.failed) output.err(`flotilla: flatten ${f.symbol}: ${f.message}\n`);
  return res.failed.length > 0 ? EXIT.error : EXIT.ok;
};

export const positions: Command = async ({ options, client, output }) => {
  const res = await client.get<PositionsJson>('/trading/positions', { symbol: options.symbol });
  if (options.json) {
    printJson(output, res);
    return EXIT.ok;
  }
  if (res.positions.length === 0) output.out('no open positions\n');
  else {
    const rows = res.positions.map((p) => [
      p.symbol,
      p.side,
      p.qty,
      p.entryPrice,
      p.stopPrice,
      p.stopConfirmed ? 'yes' : 'no',
      p.unrealizedPnl,
      p.realizedPnl,
      p.state,
      p.openedAt,
    ]);
    const headers = ['SYMBOL', 'SIDE', 'QTY', 'ENTRY', 'STOP', 'STOP ON VENUE'];
    output.out(table([...headers, 'UNREALIZED', 'REALIZED', 'STATE', 'OPENED'], rows));
  }
  const t = res.totals;
  output.out(
    `${t.openPositions} open over ${t.engines} engines; unrealized ${t.unrealizedPnl}, realized ${t.realizedPnl}\n`,
  );
  return EXIT.ok;
};

const details = (d: Record<string, unknown> | undefined) =>
  Object.entries(d ?? {})
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');

export const audit: Command = async ({ options, client, output, clock }) => {
  const query = {
    symbol: options.symbol,
    action: options.action,
    since: options.since === undefined ? undefined : parseSince(options.since, clock.now()),
    limit: options.limit === undefined ? undefined : parseCount(options.limit, '--limit', 1000),
  };
  const entries = await client.get<AuditEntryJson[]>('/trading/audit', query);
  if (options.json) {
    printJson(output, entries);
    return EXIT.ok;
  }
  if (entries.length === 0) {
    output.out('no audit entries\n');
    return EXIT.ok;
  }
  const rows = entries.map((e) => [
    e.at,
    e.action,
    e.symbol,
    e.actor,
    e.traceId,
    details(e.details),
  ]);
  output.out(table(['TIME', 'ACTION', 'SYMBOL', 'ACTOR', 'TRACE', 'DETAILS'], rows));
  return EXIT.ok;
};
