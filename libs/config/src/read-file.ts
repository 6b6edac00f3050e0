import { existsSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'yaml';
import { ConfigError } from './config-error';
import { isPlainObject } from './layers';

export const DEFAULT_CONFIG_FILE = 'config/flotilla.yaml';
/** Looked for in this order when no file is named; the first present one is read. */
export const DEFAULT_CONFIG_FILES = [DEFAULT_CONFIG_FILE, 'config/flotilla.json'] as const;

/** Which file to read: explicit, then FLOTILLA_CONFIG, then ./config/flotilla.yaml or .json if present. */
export function resolveConfigFile(
  file: string | false | undefined,
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (file === false) return undefined;
  if (file) return file;
  if (env.FLOTILLA_CONFIG) return env.FLOTILLA_CONFIG;
  return DEFAULT_CONFIG_FILES.find((f) => existsSync(f));
}

export function readConfigFile(file: string): Record<string, unknown> {
  const fail = (rule: string, value: unknown = file): never => {
    throw new ConfigError([{ path: '(file)', value, rule, source: `file ${file}` }]);
  };
  const ext = extname(file).toLowerCase();
  if (!['.yaml', '.yml', '.json'].includes(ext)) fail('must end in .yaml, .yml or .json');
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    fail(`must be a readable file (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  let parsed: unknown;
  try {
    parsed = ext === '.json' ? JSON.parse(text) : parse(text, { uniqueKeys: true });
  } catch (err) {
    fail(`must be valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${(err as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (!isPlainObject(parsed)) fail('must hold a mapping of keys at the top level', parsed);
  return parsed as Record<string, unknown>;
}
