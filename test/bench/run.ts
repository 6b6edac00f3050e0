/**
 * Benchmark entry: `npm run bench -- <name> [--flag value ...]`.
 * Each benchmark prints its figures and writes them as JSON (default test/bench/results/<name>.json).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';

export type BenchArgs = Record<string, string>;
export type BenchMain = (args: BenchArgs) => Promise<Record<string, unknown>>;

const benches: Record<string, () => Promise<BenchMain>> = {
  market: async () => (await import('./market.bench')).main,
  fleet: async () => (await import('./fleet.bench')).main,
  registry: async () => (await import('./registry.bench')).main,
  orders: async () => (await import('./orders.bench')).main,
  trading: async () => (await import('./trading.bench')).main,
  parse: async () => (await import('./parse.bench')).main,
};

function parseArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i];
    if (!key.startsWith('--'))
      throw new Error(`unexpected argument ${key}; flags look like --name value`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) args[key.slice(2)] = 'true';
    else {
      args[key.slice(2)] = value;
      i++;
    }
  }
  return args;
}

async function run(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  const load = name ? benches[name] : undefined;
  if (!load) {
    console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}> [--flags]`);
    process.exit(2);
  }
  const args = parseArgs(rest);
  const figures = await (await load())(args);
  const result = {
    bench: name,
    at: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    command: `npm run bench -- ${[name, ...rest].join(' ')}`,
    ...figures,
  };
  const out = args.out ?? join(__dirname, 'results', `${name}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2));
  console.log(JSON.stringify(result, null, 2));
  console.log(`written to ${out}`);
  process.exit(0);
}

void run();
