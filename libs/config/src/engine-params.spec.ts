import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error';
import { mergeEngineParams } from './engine-params';
import { loadConfig, validateEngineOverrides } from './load-config';

/** SPEC 9's position-care defaults, as engineDefaults carries them. */
const POSITION_CARE = {
  trailingActivationPct: '1.5',
  trailingDistancePct: '0.5',
  trailingMinMovePct: '0.1',
  trailingMinIntervalMs: 60_000,
  trailingBypassPct: '1.0',
  guardEmergencyStopPct: '3',
  agedAfterMs: 10_800_000,
  agedBreakEvenMs: 28_800_000,
  agedStepPctPerHour: '0.5',
  agedAccelAfterMs: 36_000_000,
  agedAccelFactor: '1.2',
  agedMaxLossPct: '10',
};

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
      entryNotional: '100',
      stopLossPct: '1',
      takeProfitPct: '2',
      exitOnOppositeSignal: true,
      leverage: '1',
      maxPositionNotional: '1000',
      stopConfirmTimeoutMs: 3000,
      ...POSITION_CARE,
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
    expect(messageOf(() => validateEngineOverrides({ leverge: null }))).toContain(
      'overrides.leverge = null: is not a known key',
    );
  });
});

describe('execution keys and fleet risk limits', () => {
  it('default to SPEC 9 and follow their env variables', () => {
    const cfg = loadConfig({
      file: false,
      env: {
        RISK_MAX_OPEN_POSITIONS: '7',
        RISK_MAX_TOTAL_EXPOSURE: '25000.5',
        ENGINE_DEFAULTS_EXIT_ON_OPPOSITE_SIGNAL: 'false',
        ENGINE_DEFAULTS_TAKE_PROFIT_PCT: '3.5',
      },
    });
    expect(cfg.risk).toEqual({
      maxOpenPositions: 7,
      maxTotalExposure: '25000.5',
      minOrderNotional: '5',
      dailyLossLimit: '500',
    });
    expect(cfg.engineDefaults).toMatchObject({
      entryNotional: '100',
      stopLossPct: '1',
      takeProfitPct: '3.5',
      exitOnOppositeSignal: false,
      leverage: '1',
      maxPositionNotional: '1000',
      stopConfirmTimeoutMs: 3000,
    });
  });

  it('are overridable per symbol, and a bad one stops boot naming the symbol and the key', () => {
    const ok = withFile("symbols:\n  ETHUSDT:\n    entryNotional: '250.5'\n    leverage: '3'\n");
    const bad = withFile(
      "symbols:\n  ETHUSDT:\n    stopLossPct: '75'\n  SOLUSDT:\n    maxPositionNotional: '50'\n",
    );
    try {
      const cfg = loadConfig({ file: ok.path, env: {} });
      expect(mergeEngineParams(cfg, 'ETHUSDT')).toMatchObject({
        entryNotional: '250.5',
        leverage: '3',
        stopLossPct: '1',
      });
      const message = messageOf(() => loadConfig({ file: bad.path, env: {} }));
      expect(message).toContain(
        `symbols.ETHUSDT.stopLossPct = "75": must be a decimal string > 0 and ≤ 50 (e.g. "1") (from file ${bad.path})`,
      );
      expect(message).toContain(
        'symbols.SOLUSDT.entryNotional = "100": must be at most maxPositionNotional (50)',
      );
    } finally {
      ok.cleanup();
      bad.cleanup();
    }
  });

  it.each([
    [
      { ENGINE_DEFAULTS_STOP_LOSS_PCT: '0' },
      'engineDefaults.stopLossPct = "0": must be a decimal string > 0 and ≤ 50 (e.g. "1") (from env ENGINE_DEFAULTS_STOP_LOSS_PCT)',
    ],
    [
      { ENGINE_DEFAULTS_STOP_LOSS_PCT: '50.01' },
      'engineDefaults.stopLossPct = "50.01": must be a decimal string > 0 and ≤ 50',
    ],
    [
      { ENGINE_DEFAULTS_LEVERAGE: '0.5' },
      'engineDefaults.leverage = "0.5": must be a decimal string between 1 and 100',
    ],
    [
      { ENGINE_DEFAULTS_ENTRY_NOTIONAL: '1e3' },
      'engineDefaults.entryNotional = "1e3": must be a decimal string > 0',
    ],
    [
      { ENGINE_DEFAULTS_ENTRY_NOTIONAL: '4' },
      'engineDefaults.entryNotional = "4": must be at least risk.minOrderNotional (5)',
    ],
    [
      { ENGINE_DEFAULTS_EXIT_ON_OPPOSITE_SIGNAL: 'sometimes' },
      'engineDefaults.exitOnOppositeSignal = "sometimes": must be true or false',
    ],
    [
      { ENGINE_DEFAULTS_STOP_CONFIRM_TIMEOUT_MS: '99' },
      'engineDefaults.stopConfirmTimeoutMs = 99: must be an integer between 100 and 60000',
    ],
    [
      { RISK_MAX_OPEN_POSITIONS: '0' },
      'risk.maxOpenPositions = 0: must be an integer between 1 and 100000 (from env RISK_MAX_OPEN_POSITIONS)',
    ],
    [
      { RISK_MAX_TOTAL_EXPOSURE: '-1' },
      'risk.maxTotalExposure = "-1": must be a decimal string > 0',
    ],
    [{ RISK_DAILY_LOSS_LIMIT: '0' }, 'risk.dailyLossLimit = "0": must be a decimal string > 0'],
  ])('stops boot on %j naming key, value and rule', (env, expected) => {
    expect(messageOf(() => loadConfig({ file: false, env }))).toContain(expected);
  });

  it('refuses a float where a decimal string belongs', () => {
    expect(messageOf(() => validateEngineOverrides({ entryNotional: 100 }))).toContain(
      'overrides.entryNotional = 100: must be a decimal string > 0',
    );
    expect(messageOf(() => validateEngineOverrides({ exitOnOppositeSignal: null }))).toContain(
      'overrides.exitOnOppositeSignal = null: must not be null',
    );
  });
});
