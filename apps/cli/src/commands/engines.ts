import { formatDuration, parseDuration } from '../durations';
import { CliError, EXIT, usageError } from '../exit-codes';
import { formatAge, printJson, table, type Cell } from '../output';
import { ENGINE_STATES, seg, type Command, type EngineStatusJson } from './context';

interface FleetJson {
  total: number;
  running: number;
  crashed: number;
  stopped: number;
  failed: number;
  engines: EngineStatusJson[];
}

const WAIT_POLL_MS = 200;
const DEFAULT_WAIT_MS = 30_000;

function states(text: string | undefined, many: boolean): string[] {
  if (text === undefined) throw usageError('--state is required, e.g. --state running');
  const list = many
    ? text.split(',').map((s) => s.trim().toLowerCase())
    : [text.trim().toLowerCase()];
  const bad = list.find((s) => !(ENGINE_STATES as readonly string[]).includes(s));
  if (bad !== undefined) {
    throw usageError(`--state "${bad}" is not a state; one of ${ENGINE_STATES.join(', ')}`);
  }
  return list;
}

const position = (e: EngineStatusJson) =>
  e.position ? `${e.position.side} ${e.position.qty}` : 'flat';

export const enginesLs: Command = async ({ options, client, output }) => {
  const status = options.state === undefined ? undefined : states(options.state, false)[0];
  const fleet = await client.get<FleetJson>('/engines/status', { status });
  if (options.json) {
    printJson(output, fleet);
    return EXIT.ok;
  }
  if (fleet.engines.length === 0) {
    output.out(status ? `no engine is ${status}\n` : 'no engines\n');
  } else {
    const rows = fleet.engines.map((e) => [
      e.symbol,
      e.status,
      e.desiredStatus,
      formatAge(e.status === 'running' || e.status === 'paused' ? e.uptimeSeconds : null),
      e.restartCount,
      e.heartbeatAgeMs === null ? null : `${e.heartbeatAgeMs}ms`,
      position(e),
      e.position?.stopPrice,
      e.unrealizedPnl,
      e.realizedPnl,
      e.lastError,
    ]);
    const headers = ['SYMBOL', 'STATE', 'DESIRED', 'UPTIME', 'RESTARTS', 'HEARTBEAT', 'POSITION'];
    output.out(table([...headers, 'STOP', 'UNREALIZED', 'REALIZED', 'LAST ERROR'], rows));
  }
  output.out(
    `${fleet.total} engines: ${fleet.running} running, ${fleet.crashed} crashed, ${fleet.stopped} stopped, ${fleet.failed} failed\n`,
  );
  return EXIT.ok;
};

export const status: Command = async ({ args, options, client, output }) => {
  const e = await client.get<EngineStatusJson>(`/engines/status/${seg(args[0])}`);
  if (options.json) {
    printJson(output, e);
    return EXIT.ok;
  }
  const rows: [string, Cell][] = [
    ['symbol', e.symbol],
    ['state', e.status],
    ['desired', e.desiredStatus],
    ['started', e.startedAt],
    ['uptime', formatAge(e.uptimeSeconds)],
    ['heartbeat age', e.heartbeatAgeMs === null ? null : `${e.heartbeatAgeMs}ms`],
    ['events', e.eventsProcessed],
    ['errors', e.errorCount],
    ['last error', e.lastError],
    ['restarts', e.restartCount],
    ['next restart', e.nextRestartAt],
    ['position', position(e)],
    ['entry', e.position?.entryPrice],
    ['stop', e.position?.stopPrice],
    ['unrealized PnL', e.unrealizedPnl],
    ['realized PnL', e.realizedPnl],
    ['trades', e.tradeCount],
    ['feed', e.feed.connected ? `connected (${e.feed.reconnects} reconnects)` : 'disconnected'],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  output.out(
    rows
      .map(([k, v]) => `${k.padEnd(width)}  ${v === null || v === undefined ? '-' : String(v)}\n`)
      .join(''),
  );
  return EXIT.ok;
};

/** Polls until the engine is in one of the states; a service that cannot be reached is retried. */
export const wait: Command = async ({ args, options, client, output, clock }) => {
  const wanted = states(options.state, true);
  const timeoutMs =
    options.timeout === undefined ? DEFAULT_WAIT_MS : parseDuration(options.timeout, '--timeout');
  const deadline = clock.now() + timeoutMs;
  let last = 'unknown';
  for (;;) {
    try {
      const e = await client.get<EngineStatusJson>(`/engines/status/${seg(args[0])}`);
      if (wanted.includes(e.status)) {
        if (options.json) printJson(output, e);
        else output.out(`${e.symbol} ${e.status}\n`);
        return EXIT.ok;
      }
      last = `it is ${e.status}`;
    } catch (err) {
      if (!(err instanceof CliError) || err.exitCode !== EXIT.unreachable) throw err;
      last = `last try: ${err.message}`;
    }
    const left = deadline - clock.now();
    if (left <= 0) break;
    await clock.sleep(Math.min(WAIT_POLL_MS, left));
  }
  throw new CliError(
    EXIT.timeout,
    `${args[0]} was not ${wanted.join(' or ')} within ${formatDuration(timeoutMs)} (${last})`,
  );
};
