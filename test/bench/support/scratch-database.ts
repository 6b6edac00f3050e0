import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The admin URL a benchmark uses: --databaseUrl, else FLOTILLA_TEST_DATABASE_URL, else local trust auth. */
export function adminUrlFrom(args: Record<string, string>): string {
  return args.databaseUrl ?? process.env.FLOTILLA_TEST_DATABASE_URL ?? DEFAULT_ADMIN_URL;
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const ds = await new DataSource({ type: 'postgres', url, connectTimeoutMS: 5_000 }).initialize();
  try {
    await ds.query(sql);
  } finally {
    await ds.destroy();
  }
}

/** Why PostgreSQL cannot be used at adminUrl, or null when it answers. */
export async function whyNoDatabase(adminUrl: string): Promise<string | null> {
  try {
    await adminQuery(adminUrl, 'SELECT 1');
    return null;
  } catch (err) {
    return `PostgreSQL not usable: ${(err as Error).message}`;
  }
}

/** Creates a throw-away database, hands its URL to fn, and drops it afterwards whatever happened. */
export async function withScratchDatabase<T>(
  adminUrl: string,
  fn: (databaseUrl: string) => Promise<T>,
): Promise<T> {
  const name = `flotilla_bench_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}
