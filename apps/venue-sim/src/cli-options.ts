import { VenueSimOptions } from '@flotilla/venue-sim';

export class CliError extends Error {}

const FLAGS = ['--port', '--seed', '--synthetic', '--rate', '--phases', '--host'] as const;
type Flag = (typeof FLAGS)[number];

/** Parses `--port 7001 --seed 42 --synthetic 0 --rate 10 --phases 10 --host 127.0.0.1`; errors name the flag. */
export function parseCliOptions(argv: readonly string[]): Required<Omit<VenueSimOptions, 'clock'>> {
  const values = new Map<Flag, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const raw = argv[i];
    const [flag, inline] = raw.includes('=') ? raw.split('=', 2) : [raw, undefined];
    if (!(FLAGS as readonly string[]).includes(flag)) {
      throw new CliError(`${flag}: unknown flag (expected one of ${FLAGS.join(', ')})`);
    }
    const value = inline ?? argv[i + 1];
    if (inline !== undefined) i--;
    if (value === undefined || value.startsWith('--')) throw new CliError(`${flag}: missing value`);
    values.set(flag as Flag, value);
  }
  return {
    port: integer(values, '--port', 7001, 0, 65535),
    seed: integer(values, '--seed', 42, 0, 2 ** 32 - 1),
    synthetic: integer(values, '--synthetic', 0, 0, 9999),
    rateHz: integer(values, '--rate', 10, 0, 1000),
    phases: integer(values, '--phases', 10, 1, 1000),
    host: host(values.get('--host') ?? '127.0.0.1'),
  };
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
