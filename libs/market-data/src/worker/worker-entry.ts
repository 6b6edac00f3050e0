import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the ingestion worker's script is. From TypeScript sources (tests, benches run through
 * @swc-node/register) a small .js shim registers the TS loader and loads ingest-worker.ts; in the
 * webpack bundle (dist/apps/orchestrator/main.js) it is the bundle built beside the scripts,
 * dist/scripts/market-ingest-worker.js.
 */
export function ingestWorkerScript(): string {
  if (__filename.endsWith('.ts')) return join(__dirname, 'ingest-worker.dev.js');
  const bundled = join(__dirname, '..', '..', 'scripts', 'market-ingest-worker.js');
  if (!existsSync(bundled))
    throw new Error(`MARKET_INGESTION=workers needs ${bundled}; run npm run build`);
  return bundled;
}
