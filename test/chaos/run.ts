import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runChaos } from './chaos-drill';
import { invariants, markdownReport, passed } from './chaos-report';

/*
 * npm run chaos -- --minutes 10 --seed 1 [--kill-every 60] [--fault-every-ms 3000]
 *                  [--symbols BTCUSDT,ETHUSDT] [--out DIR]
 * Writes chaos-<seed>.json and chaos-<seed>.md to DIR (default ./chaos-reports); exits 1 when an
 * invariant breaks or the run fails, 2 on a bad flag.
 */

const ALL_SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT', 'XRPUSDT', 'DOGEUSDT', 'ADAUSDT'];

function options() {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '10' },
      seed: { type: 'string', default: '1' },
      'kill-every': { type: 'string', default: '60' },
      'fault-every-ms': { type: 'string', default: '3000' },
      symbols: { type: 'string', default: ALL_SYMBOLS.join(',') },
      out: { type: 'string', default: 'chaos-reports' },
    },
  });
  const num = (name: keyof typeof values, min: number) => {
    const v = Number(values[name]);
    if (!Number.isFinite(v) || v < min) {
      process.stderr.write(`--${name}: ${values[name]} must be a number ≥ ${min}\n`);
      process.exit(2);
    }
    return v;
  };
  return {
    minutes: num('minutes', 0.1),
    seed: Math.trunc(num('seed', 0)),
    killEveryS: num('kill-every', 5),
    faultEveryMs: num('fault-every-ms', 200),
    symbols: String(values.symbols).split(',').filter(Boolean),
    out: resolve(String(values.out)),
  };
}

async function main(): Promise<number> {
  const o = options();
  const dataDir = await mkdtemp(join(tmpdir(), 'flotilla-chaos-'));
  try {
    const run = await runChaos({
      ...o,
      dataDir,
      log: (line) => process.stderr.write(`[chaos ${new Date().toISOString()}] ${line}\n`),
    });
    await mkdir(o.out, { recursive: true });
    const base = join(o.out, `chaos-${o.seed}`);
    const verdict = { ok: passed(run), invariants: invariants(run) };
    await writeFile(`${base}.json`, `${JSON.stringify({ ...verdict, ...run }, null, 2)}\n`);
    const md = markdownReport(run);
    await writeFile(`${base}.md`, md);
    process.stdout.write(`${md}\nreports: ${base}.json, ${base}.md\n`);
    if (verdict.ok) await rm(dataDir, { recursive: true, force: true });
    else process.stderr.write(`DATA_DIR kept for a look: ${dataDir}\n`);
    return verdict.ok ? 0 : 1;
  } catch (err) {
    process.stderr.write(`DATA_DIR kept for a look: ${dataDir}\n`);
    throw err;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`chaos run failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
