/** Every command's shape: what `args.ts` checks and `help.ts` prints. */
export type CommandName =
  | 'engines ls'
  | 'status'
  | 'wait'
  | 'start'
  | 'stop'
  | 'restart'
  | 'pause'
  | 'resume'
  | 'flatten'
  | 'logs'
  | 'kill-switch'
  | 'positions'
  | 'audit';

export type OptionName =
  | 'json'
  | 'state'
  | 'timeout'
  | 'follow'
  | 'lines'
  | 'flatten'
  | 'symbol'
  | 'since'
  | 'action'
  | 'limit';

export interface CommandSpec {
  readonly usage: string;
  readonly summary: string;
  /** How many positionals after the command name. */
  readonly args: { readonly min: number; readonly max: number };
  readonly options: readonly OptionName[];
  readonly details?: readonly string[];
}

const CONTROL = (verb: string, what: string): CommandSpec => ({
  usage: `${verb} SYMBOL... [--json]`,
  summary: what,
  args: { min: 1, max: Infinity },
  options: ['json'],
  details: ['Each symbol is reported on its own line; the exit code is the worst of them.'],
});

export const COMMANDS: Readonly<Record<CommandName, CommandSpec>> = {
  'engines ls': {
    usage: 'engines ls [--state STATE] [--json]',
    summary: 'List the engines (state, uptime, restarts, heartbeat, position, PnL)',
    args: { min: 0, max: 0 },
    options: ['state', 'json'],
  },
  status: {
    usage: 'status SYMBOL [--json]',
    summary: "One engine's full status",
    args: { min: 1, max: 1 },
    options: ['json'],
  },
  wait: {
    usage: 'wait SYMBOL --state STATE [--timeout 30s] [--json]',
    summary: 'Wait until an engine is in a state (exit 6 when the timeout passes first)',
    args: { min: 1, max: 1 },
    options: ['state', 'timeout', 'json'],
    details: [
      'Polls every 200ms. An unknown symbol exits 3 at once; while the service cannot be',
      'reached it keeps trying until the timeout. STATE may list several: running,paused.',
    ],
  },
  start: CONTROL('start', 'Start engines (and keep them running across restarts)'),
  stop: CONTROL('stop', 'Stop engines; they stay stopped across restarts'),
  restart: CONTROL('restart', 'Restart engines (also leaves failed); clears restart history'),
  pause: CONTROL('pause', 'Pause new entries; the engine keeps managing its position'),
  resume: CONTROL('resume', 'Resume new entries of paused engines'),
  flatten: CONTROL('flatten', "Cancel engines' entries and close their positions reduce-only"),
  logs: {
    usage: 'logs SYMBOL [--lines N] [--follow] [--json]',
    summary: "An engine's own log lines, newest last (default 100, at most 1000)",
    args: { min: 1, max: 1 },
    options: ['lines', 'follow', 'json'],
    details: [
      '--follow keeps printing new lines (polled every second) until interrupted;',
      'with --json it prints one JSON object per line (JSONL) instead of one document.',
    ],
  },
  'kill-switch': {
    usage: 'kill-switch on|off [--flatten] [--json]',
    summary: 'Engage (no new entries anywhere) or release the kill switch',
    args: { min: 1, max: 1 },
    options: ['flatten', 'json'],
    details: ['--flatten (with on only): every engine also closes its position reduce-only.'],
  },
  positions: {
    usage: 'positions [--symbol SYMBOL] [--json]',
    summary: 'Open positions with their stops, and fleet PnL totals',
    args: { min: 0, max: 0 },
    options: ['symbol', 'json'],
  },
  audit: {
    usage: 'audit [--symbol SYMBOL] [--since 15m|ISO] [--action ACTION] [--limit N] [--json]',
    summary: 'The audit trail, newest first (orders, fills, stops, operator commands)',
    args: { min: 0, max: 0 },
    options: ['symbol', 'since', 'action', 'limit', 'json'],
    details: ['--since takes an age (15m, 2h, 1d) or an ISO-8601 time (2026-12-02T05:00:00Z).'],
  },
};

export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];
