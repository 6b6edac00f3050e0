import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '@flotilla/core';

export interface ApiToken {
  readonly value: string;
  /** 'env' when API_TOKEN is set, else the file it was read from or written to. */
  readonly source: string;
}

/** The same rule as config's API_TOKEN. */
const TOKEN_RULE = /^\S{16,512}$/;

/**
 * API_TOKEN if set; otherwise DATA_DIR/api-token, generated (mode 0600, written atomically) on the
 * first start or when the file is empty. A stored token that breaks the rule stops boot: replacing
 * it silently would lock out every script that uses it. A file readable by others is narrowed to 0600.
 */
export function resolveApiToken(dataDir: string, fromEnv: string | undefined): ApiToken {
  if (fromEnv) return { value: fromEnv, source: 'env API_TOKEN' };
  const file = join(dataDir, 'api-token');
  if (existsSync(file)) {
    const value = readFileSync(file, 'utf8').trim();
    if (value !== '') {
      if (!TOKEN_RULE.test(value)) {
        throw new DomainError(
          'INVALID_CONFIG',
          `${file} must hold a token of 16-512 characters without spaces; write a longer one, or delete the file to have one generated`,
        );
      }
      if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
      return { value, source: file };
    }
  }
  mkdirSync(dataDir, { recursive: true });
  const value = randomBytes(32).toString('base64url');
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${value}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
  return { value, source: file };
}
