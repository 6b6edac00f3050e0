/**
 * Child process for the kill -9 test: opens the production registry shape (ResilientRegistry over
 * PostgresRegistry, spool in argv[3]), and on each "write" line on stdin makes changes and prints
 * "spooled <health>". It never retries on its own (60 s backoff): the parent kills it with SIGKILL.
 */
import { createInterface } from 'node:readline';
import { PostgresRegistry, ResilientRegistry } from '@flotilla/registry';

async function main(): Promise<void> {
  const [databaseUrl, spoolPath] = process.argv.slice(2);
  const pg = new PostgresRegistry({
    databaseUrl,
    connection: { connectTimeoutMs: 1_000, queryTimeoutMs: 2_000 },
    retry: { attempts: 1, delayMs: 10 },
  });
  const registry = new ResilientRegistry(pg, { spoolPath, initialBackoffMs: 60_000 });
  await registry.open();
  await registry.upsert('BTCUSDT', { desiredState: 'running' });
  await registry.upsert('SOLUSDT', { desiredState: 'running' });
  console.log('open');
  for await (const line of createInterface({ input: process.stdin })) {
    if (line !== 'write') continue;
    await registry.upsert('BTCUSDT', { observedState: 'running' });
    await registry.upsert('ETHUSDT', { desiredState: 'running', configOverrides: { qty: '0.01' } });
    await registry.remove('SOLUSDT');
    console.log(`spooled ${JSON.stringify(registry.health())}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
