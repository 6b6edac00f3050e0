import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ApiToken {
  readonly value: string;
  /** 'env' when API_TOKEN is set, else the file it was read from or written to. */
  readonly source: string;
}

/** API_TOKEN if set; otherwise DATA_DIR/api-token, generated (mode 0600) on the first start. */
export function resolveApiToken(dataDir: string, fromEnv: string | undefined): ApiToken {
  if (fromEnv) return { value: fromEnv, source: 'env API_TOKEN' };
  const file = join(dataDir, 'api-token');
  if (existsSync(file)) {
    const value = readFileSync(file, 'utf8').trim();
    if (value.length >= 16) return { value, source: file };
  }
  mkdirSync(dataDir, { recursive: true });
  const value = randomBytes(32).toString('base64url');
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { value, source: file };
}
