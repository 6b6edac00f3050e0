import { SYMBOL_RULE, dec, normalizeSymbol } from '@flotilla/core';
import { ConfigError, ConfigProblem } from './config-error';
import { DEFAULTS } from './defaults';
import { executionCheck } from './execution-checks';
import { Layers, isPlainObject } from './layers';
import { readConfigFile, resolveConfigFile } from './read-file';
import { EngineOverrides, EngineParams, FlotillaConfig } from './schema';
import { validateAs } from './validate';

export interface LoadConfigOptions {
  /** YAML or JSON file; false reads none. Default: FLOTILLA_CONFIG, else ./config/flotilla.yaml if present. */
  file?: string | false;
  env?: NodeJS.ProcessEnv;
  /** Applied last, over file and env (tests, CLI flags). */
  overrides?: object;
}

/** Defaults ← file ← env ← overrides, validated once; throws ConfigError listing every problem. */
export function loadConfig(opts: LoadConfigOptions = {}): FlotillaConfig {
  const env = opts.env ?? process.env;
  const layers = new Layers();
  layers.apply(structuredClone(DEFAULTS), 'default');
  const file = resolveConfigFile(opts.file, env);
  if (file) layers.apply(readConfigFile(file), `file ${file}`);
  layers.applyEnv(env);
  if (opts.overrides) {
    if (!isPlainObject(opts.overrides)) throw new TypeError('overrides must be an object');
    layers.apply(structuredClone(opts.overrides as Record<string, unknown>), 'overrides');
  }
  const sourceOf = (path: string) => layers.sourceOf(path);

  const { symbols: rawSymbols, ...rest } = layers.value;
  const { value: config, problems } = validateAs(FlotillaConfig, rest, '', sourceOf);
  problems.unshift(...layers.problems);
  config.symbols = readSymbols(rawSymbols, problems, sourceOf);
  if (Array.isArray(config.autostart)) {
    config.autostart = readAutostart(config.autostart, problems, sourceOf);
  }
  problems.push(...crossChecks(config, sourceOf));
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}

/** null is refused, never read as "the default": omitting the key is how an override is removed. */
export const NULL_RULE = 'must not be null (omit the key to use the default)';

/** Validates per-symbol overrides (config file or PUT /engines/{symbol}/config). */
export function validateEngineOverrides(
  raw: unknown,
  base?: EngineParams,
  path = 'overrides',
  sourceOf: (path: string) => string = () => 'request',
): EngineOverrides {
  const problems: ConfigProblem[] = [];
  const value = readOverrides(raw, path, problems, sourceOf);
  if (base && problems.length === 0) {
    const merged = { ...base, ...definedOnly(value) };
    problems.push(...thresholdCheck(merged, path, sourceOf));
    problems.push(...executionCheck(merged, undefined, path, sourceOf));
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return value;
}

function readOverrides(
  raw: unknown,
  path: string,
  problems: ConfigProblem[],
  sourceOf: (path: string) => string,
): EngineOverrides {
  if (!isPlainObject(raw)) {
    problems.push({
      path,
      value: raw,
      rule: 'must be an object of engine parameters',
      source: sourceOf(path),
    });
    return new EngineOverrides();
  }
  const known = new Set(Object.keys(DEFAULTS.engineDefaults));
  const given: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === null && known.has(key)) {
      const at = `${path}.${key}`;
      problems.push({ path: at, value, rule: NULL_RULE, source: sourceOf(at) });
    } else given[key] = value;
  }
  const result = validateAs(EngineOverrides, given, path, sourceOf);
  problems.push(...result.problems);
  return result.value;
}

function readSymbols(
  raw: unknown,
  problems: ConfigProblem[],
  sourceOf: (path: string) => string,
): Record<string, EngineOverrides> {
  const out: Record<string, EngineOverrides> = {};
  if (raw === undefined || raw === null) return out;
  if (!isPlainObject(raw)) {
    problems.push({
      path: 'symbols',
      value: raw,
      rule: 'must be a map of SYMBOL → engine parameter overrides',
      source: sourceOf('symbols'),
    });
    return out;
  }
  for (const [key, value] of Object.entries(raw)) {
    const path = `symbols.${key}`;
    let id: string;
    try {
      id = normalizeSymbol(key);
    } catch {
      problems.push({ path, value: key, rule: SYMBOL_RULE, source: sourceOf(path) });
      continue;
    }
    if (id in out) {
      problems.push({ path, value: key, rule: `duplicates symbol ${id}`, source: sourceOf(path) });
      continue;
    }
    out[id] = readOverrides(value, path, problems, sourceOf);
  }
  return out;
}

function readAutostart(
  list: unknown[],
  problems: ConfigProblem[],
  sourceOf: (path: string) => string,
): string[] {
  const ids = new Set<string>();
  list.forEach((item, i) => {
    try {
      ids.add(normalizeSymbol(item as string));
    } catch {
      const path = `autostart[${i}]`;
      problems.push({ path, value: item, rule: SYMBOL_RULE, source: sourceOf('autostart') });
    }
  });
  return [...ids];
}

function crossChecks(c: FlotillaConfig, sourceOf: (path: string) => string): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const need = (ok: boolean, path: string, value: unknown, rule: string, from: string) => {
    if (!ok) out.push({ path, value, rule, source: sourceOf(from) });
  };
  need(
    c.registry !== 'postgres' || !!c.databaseUrl,
    'databaseUrl',
    c.databaseUrl,
    'is required when registry is postgres (set DATABASE_URL)',
    'registry',
  );
  for (const key of ['apiKey', 'apiSecret'] as const) {
    need(
      c.venue !== 'live' || !!c.exchange?.[key],
      `exchange.${key}`,
      c.exchange?.[key],
      `is required when venue is live (set EXCHANGE_API_${key === 'apiKey' ? 'KEY' : 'SECRET'})`,
      'venue',
    );
  }
  need(
    !c.venueWsUrl || !!c.venueUrl,
    'venueUrl',
    c.venueUrl,
    'is required when venueWsUrl is set',
    'venueWsUrl',
  );
  const h = c.health;
  need(
    !isInts(h?.heartbeatTimeoutMs, h?.intervalMs) || h.heartbeatTimeoutMs > h.intervalMs,
    'health.heartbeatTimeoutMs',
    h?.heartbeatTimeoutMs,
    'must be greater than health.intervalMs',
    'health.heartbeatTimeoutMs',
  );
  const r = c.recovery;
  need(
    !isInts(r?.maxDelayMs, r?.baseDelayMs) || r.maxDelayMs >= r.baseDelayMs,
    'recovery.maxDelayMs',
    r?.maxDelayMs,
    'must be ≥ recovery.baseDelayMs',
    'recovery.maxDelayMs',
  );
  const rr = c.registryRetry;
  need(
    !rr || !isInts(rr.maxMs, rr.initialMs) || rr.maxMs >= rr.initialMs,
    'registryRetry.maxMs',
    rr?.maxMs,
    'must be ≥ registryRetry.initialMs',
    'registryRetry.maxMs',
  );
  const o = c.ownership;
  need(
    !isInts(o?.leaseRenewMs, o?.leaseTtlMs) || o.leaseRenewMs * 2 <= o.leaseTtlMs,
    'ownership.leaseRenewMs',
    o?.leaseRenewMs,
    'must be at most half of ownership.leaseTtlMs (a renewal may fail once before the lease expires)',
    'ownership.leaseRenewMs',
  );
  need(
    !isInts(o?.lockRefreshMs, o?.lockStaleAfterMs) || o.lockRefreshMs * 2 <= o.lockStaleAfterMs,
    'ownership.lockRefreshMs',
    o?.lockRefreshMs,
    'must be at most half of ownership.lockStaleAfterMs',
    'ownership.lockRefreshMs',
  );
  if (isPlainObject(c.engineDefaults)) {
    const risk = isPlainObject(c.risk) ? c.risk : undefined;
    out.push(...thresholdCheck(c.engineDefaults, 'engineDefaults', sourceOf));
    out.push(...executionCheck(c.engineDefaults, risk, 'engineDefaults', sourceOf));
    for (const [id, o] of Object.entries(c.symbols)) {
      const merged = { ...c.engineDefaults, ...definedOnly(o) };
      out.push(...thresholdCheck(merged, `symbols.${id}`, sourceOf));
      out.push(...executionCheck(merged, risk, `symbols.${id}`, sourceOf));
    }
  }
  return out;
}

function thresholdCheck(
  p: Partial<EngineParams>,
  path: string,
  sourceOf: (path: string) => string,
): ConfigProblem[] {
  const valid = (v: unknown) => typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim());
  if (!valid(p.sellThreshold) || !valid(p.buyThreshold)) return [];
  if (dec(p.sellThreshold!).lt(dec(p.buyThreshold!))) return [];
  const at = `${path}.sellThreshold`;
  return [
    {
      path: at,
      value: p.sellThreshold,
      rule: `must be below buyThreshold (${p.buyThreshold})`,
      source: sourceOf(at),
    },
  ];
}

/** Class fields are defined even when unset (ES2022 semantics); drop them before spreading. */
export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function isInts(...values: unknown[]): boolean {
  return values.every((v) => Number.isInteger(v));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
