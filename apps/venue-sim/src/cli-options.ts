import { AccountSpec, VenueSimOptions, VenueSimTradingOptions } from '@flotilla/venue-sim';

export class CliError extends Error {}

const FLAGS = [
  '--port',
  '--seed',
  '--synthetic',
  '--rate',
  '--phases',
  '--host',
  '--account',
  '--state',
  '--rate-limit-scale',
  '--mirror',
  '--mirror-rest',
  '--mirror-symbols',
] as const;
type Flag = (typeof FLAGS)[number];

export type CliOptions = Required<Omit<VenueSimOptions, 'clock'>> & VenueSimTradingOptions;

/**
 * Parses `--port 7001 --seed 42 --synthetic 0 --rate 10 --phases 10 --host 127.0.0.1
 * [--account KEY:SECRET[:USDT]]... [--state FILE] [--rate-limit-scale N]`; errors name the flag
 * and never repeat an account's secret.
 */
export function parseCliOptions(argv: readonly string[]): CliOptions {
  const values = new Map<Flag, string>();
  const accounts: AccountSpec[] = [];
  for (let i = 0; i < argv.length; i += 2) {
    const raw = argv[i];
    const [flag, inline] = raw.includes('=') ? raw.split('=', 2) : [raw, undefined];
    if (!(FLAGS as readonly string[]).includes(flag)) {
      throw new CliError(`${flag}: unknown flag (expected one of ${FLAGS.join(', ')})`);
    }
    const value = inline ?? argv[i + 1];
    if (inline !== undefined) i--;
    if (value === undefined || value.startsWith('--')) throw new CliError(`${flag}: missing value`);
    if (flag === '--account') accounts.push(account(value, accounts));
    else values.set(flag as Flag, value);
  }
  const statePath = values.get('--state');
  if (statePath !== undefined && statePath.trim() === '') {
    throw new CliError('--state: expected a file path');
  }
  return {
    port: integer(values, '--port', 7001, 0, 65535),
    seed: integer(values, '--seed', 42, 0, 2 ** 32 - 1),
    synthetic: integer(values, '--synthetic', 0, 0, 9999),
    rateHz: integer(values, '--rate', 10, 0, 1000),
    phases: integer(values, '--phases', 10, 1, 1000),
    host: host(values.get('--host') ?? '127.0.0.1'),
    ...(accounts.length > 0 && { accounts }),
    ...(statePath !== undefined && { statePath }),
    rateLimitScale: integer(values, '--rate-limit-scale', 1, 1, 1000),
    ...mirror(values),
  };
}

/**
 * `--mirror WS_URL [--mirror-rest URL] [--mirror-symbols A,B]`: the REST URL defaults to the
 * WebSocket's origin (ws -> http, wss -> https).
 */
function mirror(values: Map<Flag, string>): Pick<VenueSimTradingOptions, 'mirror'> {
  const wsUrl = values.get('--mirror');
  const rest = values.get('--mirror-rest');
  const symbols = values.get('--mirror-symbols');
  if (wsUrl === undefined) {
    if (rest !== undefined || symbols !== undefined) {
      throw new CliError(
        `${rest !== undefined ? '--mirror-rest' : '--mirror-symbols'}: needs --mirror`,
      );
    }
    return {};
  }
  const ws = url(wsUrl, '--mirror', /^wss?:$/);
  const restUrl = rest ?? `${ws.protocol === 'wss:' ? 'https:' : 'http:'}//${ws.host}`;
  url(restUrl, '--mirror-rest', /^https?:$/);
  const list = symbols?.split(',').filter((s) => s !== '');
  if (list?.some((s) => !/^[A-Z0-9]{2,30}$/.test(s))) {
    throw new CliError('--mirror-symbols: expected comma-separated symbols like BTCUSDT');
  }
  return { mirror: { wsUrl, restUrl, ...(list && { symbols: list }) } };
}

function url(raw: string, flag: Flag, protocol: RegExp): URL {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new CliError(`${flag}: not a URL`);
  }
  if (!protocol.test(parsed.protocol))
    throw new CliError(`${flag}: unexpected scheme ${parsed.protocol}`);
  return parsed;
}

function integer(
  values: Map<Flag, string>,
  flag: Flag,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = values.get(flag);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw))
    throw new CliError(`${flag}: expected an integer, got ${JSON.stringify(raw)}`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new CliError(`${flag}: must be in [${min}, ${max}], got ${raw}`);
  return value;
}

function host(raw: string): string {
  if (!/^[A-Za-z0-9.:-]+$/.test(raw))
    throw new CliError(`--host: invalid host ${JSON.stringify(raw)}`);
  return raw;
}

/** `KEY:SECRET[:USDT]`; key and secret from [A-Za-z0-9_-], USDT a decimal (default 100000). */
function account(raw: string, seen: readonly AccountSpec[]): AccountSpec {
  const match = /^([A-Za-z0-9_-]{1,64}):([A-Za-z0-9_-]{1,128})(?::(\d{1,15}(?:\.\d{1,8})?))?$/.exec(
    raw,
  );
  if (!match) {
    throw new CliError(
      '--account: expected KEY:SECRET[:USDT] (key and secret from [A-Za-z0-9_-], USDT a decimal)',
    );
  }
  const [, key, secret, usdt] = match;
  if (seen.some((a) => a.key === key)) throw new CliError(`--account: duplicate key ${key}`);
  return { key, secret, usdt: usdt ?? '100000' };
}
