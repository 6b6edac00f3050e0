import { JsonFileRegistry } from './json/json-file-registry';
import type { PostgresRegistry } from './postgres/postgres-registry';

export interface ImportCounts {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
}

/** Copies every record of a JSON registry file into Postgres; re-running is safe. */
export async function importJsonRegistry(
  filePath: string,
  target: PostgresRegistry,
): Promise<ImportCounts> {
  const source = new JsonFileRegistry({ filePath });
  await source.open();
  try {
    const counts: ImportCounts = { read: 0, created: 0, updated: 0, unchanged: 0 };
    for (const record of await source.list()) {
      counts.read++;
      counts[await target.importRecord(record)]++;
    }
    return counts;
  } finally {
    await source.close();
  }
}
