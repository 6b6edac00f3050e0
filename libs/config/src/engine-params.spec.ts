import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error';
import { mergeEngineParams } from './engine-params';
import { loadConfig, validateEngineOverrides } from './load-config';

const withFile = (yaml: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-params-'));
  const path = join(dir, 'c.yaml');
  writeFileSync(path, yaml);
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
};

const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
};

describe('mergeEngineParams (the one merge a start reads)', () => {
  const cfg = loadConfig({
    file: false,
    env: { ENGINE_DEFAULTS_COOLDOWN_MS: '4000' },
    overrides: { symbols: { SOLUSDT: { minClusterVolume: '2500', depthLevels: 5 } } },
  });

  it('layers engineDefaults (built-in ← env), the file block, then the registry overrides', () => {
    expect(mergeEngineParams(cfg, 'SOL-USDT', { depthLevels: 7 })).toEqual({
      depthLevels: 7,
      buyThreshold: '0.75',
      sellThreshold: '0.25',
      minClusterVolume: '2500',
      cooldownMs: 4000,
      signalHistory: 200,
    });
  });

  it('never lets an unset key of the file block or the overrides hide the layer below', () => {
    // The file block is a class instance whose unset fields exist as undefined.
    expect(Object.keys(cfg.symbols.SOLUSDT)).toContain('buyThreshold');
    const merged = mergeEngineParams(cfg, 'SOLUSDT', { sellThreshold: undefined });
    expect(merged.buyThreshold).toBe('0.75');
    expect(merged.sellThreshold).toBe('0.25');
  });

  it('passes a null from the registry through, so the start validator names it', () => {
    expect(mergeEngineParams(cfg, 'BTCUSDT', { buyThreshold: null }).buyThreshold).toBeNull();
  });
});

describe('null engine parameters are refused, never read as the default', () => {
  it('in a PUT body, naming the key and how to get the default', () => {
    expect(
      messageOf(() => validateEngineOverrides({ buyThreshold: null }, undefined, 'body')),
    ).toContain(
      'body.buyThreshold = null: must not be null (omit the key to use the default) (from request)',
    );
    expect(messageOf(() => validateEngineOverrides({ cooldownMs: null }))).toContain(
      'overrides.cooldownMs = null: must not be null',
    );
  });

  it('in the config file, which stops boot', () => {
    const file = withFile('symbols:\n  BTCUSDT:\n    buyThreshold: ~\n');
    try {
      expect(messageOf(() => loadConfig({ file: file.path, env: {} }))).toContain(
        `symbols.BTCUSDT.buyThreshold = null: must not be null (omit the key to use the default) (from file ${file.path})`,
      );
    } finally {
      file.cleanup();
    }
  });

  it('an unknown key is still named as unknown, null or not', () => {
    expect(messageOf(() => validateEngineOverrides({ leverage: null }))).toContain(
      'overrides.leverage = null: is not a known key',
    );
  });
});
