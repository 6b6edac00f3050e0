/**
 * Frame parsing: `npm run bench -- parse [--frames 600000] [--levels 3]`.
 * JSON.parse against parseCompactJson (the hub's parser) on book deltas whose prices and sizes
 * are all distinct, as on a live feed: time per frame, old space grown, and the garbage
 * collections each one caused. Each parser reads its own set of frames, so neither finds the
 * other's strings already interned.
 */
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseCompactJson } from '@flotilla/market-data';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** A book delta like the simulator's, every price and size unique to frame i of set `set`. */
function frame(set: number, i: number, levels: number): Buffer {
  const base = set * 10_000_000 + i;
  const level = (k: number): string =>
    `["${(0.1 + ((base * 7 + k) % 9_999_991) / 1e8).toFixed(8)}","${100_000 + ((base * 7919 + k) % 8_999_999)}"]`;
  const b = Array.from({ length: levels }, (_, k) => level(k)).join(',');
  const a = Array.from({ length: levels }, (_, k) => level(k + levels)).join(',');
  return Buffer.from(
    `{"topic":"orderbook.50.SYN${i % 1000}USDT","type":"delta","ts":${1.8e12 + i},"data":{"s":"SYN${i % 1000}USDT","b":[${b}],"a":[${a}],"u":${i},"seq":${i}},"cts":${1.8e12 + i}}`,
  );
}

const oldSpaceMiB = (): number =>
  (getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')?.space_used_size ?? 0) /
  2 ** 20;

interface Run {
  nsPerFrame: number;
  oldSpaceGrownMiB: number;
  scavenges: number;
  markCompacts: number;
  gcPauseMs: number;
}

async function measure(frames: Buffer[], parse: (text: string) => unknown): Promise<Run> {
  collect();
  const gcs: Array<{ kind: number; ms: number }> = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      gcs.push({
        kind: (e as unknown as { detail: { kind: number } }).detail.kind,
        ms: e.duration,
      });
  });
  observer.observe({ entryTypes: ['gc'] });
  const before = oldSpaceMiB();
  let sink: unknown;
  const t0 = process.hrtime.bigint();
  for (const f of frames) sink = parse(f.toString());
  const ns = Number(process.hrtime.bigint() - t0);
  const grown = oldSpaceMiB() - before;
  // gc entries are delivered asynchronously, after the loop that caused them
  await new Promise((r) => setTimeout(r, 100));
  observer.disconnect();
  if (sink === undefined) throw new Error('a frame did not parse');
  const round = (x: number, d = 10): number => Math.round(x * d) / d;
  return {
    nsPerFrame: Math.round(ns / frames.length),
    oldSpaceGrownMiB: round(grown),
    scavenges: gcs.filter((g) => g.kind === constants.NODE_PERFORMANCE_GC_MINOR).length,
    markCompacts: gcs.filter((g) => g.kind === constants.NODE_PERFORMANCE_GC_MAJOR).length,
    gcPauseMs: round(
      gcs.reduce((s, g) => s + g.ms, 0),
      1,
    ),
  };
}

export async function main(args: Record<string, string>): Promise<Record<string, unknown>> {
  const count = Number(args.frames ?? 600_000);
  const levels = Number(args.levels ?? 3);
  const sets = [0, 1].map((set) => Array.from({ length: count }, (_, i) => frame(set, i, levels)));
  const jsonParse = await measure(sets[0], (t) => JSON.parse(t) as unknown);
  const compact = await measure(sets[1], (t) => parseCompactJson(t) ?? JSON.parse(t));
  return {
    params: { frames: count, levelsPerSide: levels, bytesPerFrame: sets[0][0].length },
    jsonParse,
    compact,
    speedup: Math.round((jsonParse.nsPerFrame / compact.nsPerFrame) * 100) / 100,
  };
}
