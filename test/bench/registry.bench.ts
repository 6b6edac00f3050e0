/**
 * Registry write latency: `npm run bench -- registry [--writes 2000] [--symbols 10] [--databaseUrl URL]`.
 * Sequential upserts (each awaited: fsync'd file or committed transaction) per adapter, plus a burst
 * of concurrent JSON upserts to show write coalescing. Postgres uses a throwaway database.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineRegistryPort } from '@flotilla/engine';
import { JsonFileRegistry, PostgresRegistry } from '@flotilla/registry';
import { adminUrlFrom, whyNoDatabase, withScratchDatabase } from './support/scratch-database';

type Figures = Record<string, unknown>;

function percentile(sortedMs: number[], p: number): number {
  const index = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return Number(sortedMs[Math.max(0, index)].toFixed(3));
}

async function sequential(registry: EngineRegistryPort, writes: number, symbols: number) {
  const latenciesMs: number[] = [];
  const started = performance.now();
  for (let i = 0; i < writes; i++) {
    const t0 = performance.now();
    await registry.upsert(`BENCH${i % symbols}USDT`, {
      observedState: i % 2 ? 'running' : 'paused',
      restartHistory: [new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString()],
    });
    latenciesMs.push(performance.now() - t0);
  }
  const totalMs = performance.now() - started;
  latenciesMs.sort((a, b) => a - b);
  return {
    writes,
    symbols,
    p50Ms: percentile(latenciesMs, 50),
    p99Ms: percentile(latenciesMs, 99),
    maxMs: Number(latenciesMs[latenciesMs.length - 1].toFixed(3)),
    writesPerSec: Math.round((writes / totalMs) * 1000),
  };
}

async function benchJson(writes: number, symbols: number): Promise<Figures> {
  const dir = await mkdtemp(join(tmpdir(), 'flotilla-bench-registry-'));
  try {
    const registry = JsonFileRegistry.inDataDir(dir);
    await registry.open();
    const seq = await sequential(registry, writes, symbols);
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: writes }, (_, i) => registry.upsert(`BURST${i % symbols}USDT`, {})),
    );
    const burstMs = performance.now() - t0;
    await registry.close();
    return { ...seq, concurrentBurst: { writes, totalMs: Number(burstMs.toFixed(1)) } };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function benchPostgres(adminUrl: string, writes: number, symbols: number): Promise<Figures> {
  const unusable = await whyNoDatabase(adminUrl);
  if (unusable !== null) return { skipped: unusable };
  return withScratchDatabase(adminUrl, async (databaseUrl) => {
    const registry = new PostgresRegistry({ databaseUrl });
    await registry.open();
    try {
      return await sequential(registry, writes, symbols);
    } finally {
      await registry.close();
    }
  });
}

export async function main(args: Record<string, string>): Promise<Record<string, unknown>> {
  const writes = Number(args.writes ?? 2000);
  const symbols = Number(args.symbols ?? 10);
  const adminUrl = adminUrlFrom(args);
  return {
    json: await benchJson(writes, symbols),
    postgres: await benchPostgres(adminUrl, writes, symbols),
  };
}
