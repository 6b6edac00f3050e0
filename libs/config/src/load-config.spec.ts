import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error';
import { DEFAULTS } from './defaults';
import { mergeEngineParams } from './engine-params';
import { loadConfig, validateEngineOverrides } from './load-config';
import { redactedConfig } from './redacted-config';
import { resolveConfigFile } from './read-file';

const problemsOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe('INVALID_CONFIG');
    return (err as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flotilla-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('loads the defaults without a file, and the committed yaml agrees with them', () => {
    const builtIn = loadConfig({ file: false, env: {} });
    expect(builtIn).toMatchObject(DEFAULTS);
    expect(builtIn.autostart).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
    expect(builtIn.engineDefaults.buyThreshold).toBe('0.75');
    const committed = loadConfig({
      file: join(__dirname, '../../../config/flotilla.yaml'),
      env: {},
    });
    expect(committed).toEqual(builtIn);
    expect(Object.isFrozen(committed.health)).toBe(true);
  });

  it('lets env override file and overrides win over env', () => {
    const path = file(
      'c.yaml',
      'port: 4000\nhealth:\n  intervalMs: 500\nsymbols:\n  sol-usdt:\n    cooldownMs: 1\n',
    );
    const cfg = loadConfig({
      file: path,
      env: {
        PORT: '5000',
        LOG_LEVEL: 'debug',
        TESTNET: 'true',
        AUTOSTART: 'btc-usdt, ETHUSDT',
        ENGINE_DEFAULTS_BUY_THRESHOLD: '0.8',
      },
      overrides: { feed: { staleAfterMs: 2000 } },
    });
    expect(cfg).toMatchObject({
      port: 5000,
      logLevel: 'debug',
      testnet: true,
      autostart: ['BTCUSDT', 'ETHUSDT'],
    });
    expect(cfg.health.intervalMs).toBe(500);
    expect(cfg.health.heartbeatTimeoutMs).toBe(5000);
    expect(cfg.feed).toEqual({ ...DEFAULTS.feed, staleAfterMs: 2000 });
    expect(mergeEngineParams(cfg, 'SOLUSDT')).toEqual({
      ...DEFAULTS.engineDefaults,
      buyThreshold: '0.8',
      cooldownMs: 1,
    });
    expect(mergeEngineParams(cfg, 'BTCUSDT').cooldownMs).toBe(30_000);
  });

  it('reads FLOTILLA_CONFIG and JSON files', () => {
    const path = file('c.json', JSON.stringify({ resume: { staggerMs: 5 } }));
    expect(loadConfig({ env: { FLOTILLA_CONFIG: path } }).resume.staggerMs).toBe(5);
  });

  it.each([
    [
      { HEALTH_INTERVAL_MS: 'abc' },
      'health.intervalMs = "abc": must be an integer ≥ 10 (from env HEALTH_INTERVAL_MS)',
    ],
    [{ PORT: '70000' }, 'port = 70000: must be an integer between 0 and 65535 (from env PORT)'],
    [{ VENUE: 'moon' }, 'venue = "moon": must be one of sim, paper, live (from env VENUE)'],
    [{ TESTNET: 'maybe' }, 'testnet = "maybe": must be true or false (from env TESTNET)'],
    [{ LOG_LEVEL: 'loud' }, 'logLevel = "loud": must be one of error, warn, info, debug'],
    [
      { ENGINE_DEFAULTS_BUY_THRESHOLD: '1.5' },
      'engineDefaults.buyThreshold = "1.5": must be a decimal string between 0 and 1',
    ],
    [
      { ENGINE_DEFAULTS_SELL_THRESHOLD: '0.9' },
      'engineDefaults.sellThreshold = "0.9": must be below buyThreshold (0.75)',
    ],
    [{ VENUE_URL: 'not a url' }, 'venueUrl = "not a url": must be an http(s) URL'],
    [{ AUTOSTART: 'BTCUSDT,../x' }, 'autostart[1] = "../x": a symbol is'],
    [
      { HEALTH_HEARTBEAT_TIMEOUT_MS: '500' },
      'health.heartbeatTimeoutMs = 500: must be greater than health.intervalMs',
    ],
    [
      { ENGINE_DEFAULTS_DEPTH_LEVELS: '501' },
      'engineDefaults.depthLevels = 501: must be an integer between 1 and 500 (from env ENGINE_DEFAULTS_DEPTH_LEVELS)',
    ],
    [
      { ENGINE_DEFAULTS_COOLDOWN_MS: '86400001' },
      'engineDefaults.cooldownMs = 86400001: must be an integer between 0 and 86400000',
    ],
    [
      { LOGGING_MAX_FILES_PER_STREAM: '1' },
      'logging.maxFilesPerStream = 1: must be an integer between 2 and 10000 (from env LOGGING_MAX_FILES_PER_STREAM)',
    ],
    [
      { LOGGING_MAX_FILES_PER_STREAM: 'lots' },
      'logging.maxFilesPerStream = "lots": must be an integer between 2 and 10000',
    ],
  ])('names key, value and rule for %j', (env, expected) => {
    expect(problemsOf(() => loadConfig({ file: false, env }))).toContain(`config: ${expected}`);
  });

  it('names the file as the source and lists every problem, not only the first', () => {
    const path = file(
      'bad.yaml',
      'health:\n  intervalMs: 1.5\nfeed:\n  pingIntervalMs: "x"\nengineDefaults:\n  buyThreshold: 0.75\n',
    );
    const message = problemsOf(() => loadConfig({ file: path, env: {} }));
    expect(message).toContain('config: 3 problems');
    expect(message).toContain(
      `health.intervalMs = 1.5: must be an integer ≥ 10 (from file ${path})`,
    );
    expect(message).toContain('feed.pingIntervalMs = "x"');
    expect(message).toContain('engineDefaults.buyThreshold = 0.75: must be a decimal string');
  });

  it('rejects unknown keys at the top level, nested, and per symbol', () => {
    const path = file(
      'u.yaml',
      'colour: red\nhealth:\n  intervalMS: 5\nsymbols:\n  BTCUSDT:\n    cooldown: 5\n  x/y/z: {}\n',
    );
    const message = problemsOf(() => loadConfig({ file: path, env: {} }));
    expect(message).toContain('colour = "red": is not a known key');
    expect(message).toContain('health.intervalMS = 5: is not a known key');
    expect(message).toContain('symbols.BTCUSDT.cooldown = 5: is not a known key');
    expect(message).toContain('symbols.x/y/z');
  });

  it('rejects bad files: unparseable, duplicate keys, wrong extension', () => {
    expect(problemsOf(() => loadConfig({ file: file('a.yaml', 'port: [1,'), env: {} }))).toContain(
      'must be valid YAML',
    );
    expect(
      problemsOf(() => loadConfig({ file: file('b.yaml', 'port: 1\nport: 2\n'), env: {} })),
    ).toContain('must be valid YAML');
    expect(problemsOf(() => loadConfig({ file: file('c.txt', ''), env: {} }))).toContain(
      'must end in .yaml',
    );
    expect(problemsOf(() => loadConfig({ file: join(dir, 'none.yaml'), env: {} }))).toContain(
      'ENOENT',
    );
  });

  it('requires DATABASE_URL with registry=postgres and exchange keys with venue=live', () => {
    expect(problemsOf(() => loadConfig({ file: false, env: { REGISTRY: 'postgres' } }))).toContain(
      'databaseUrl = undefined: is required when registry is postgres (set DATABASE_URL) (from env REGISTRY)',
    );
    const live = problemsOf(() => loadConfig({ file: false, env: { VENUE: 'live' } }));
    expect(live).toContain('exchange.apiKey = undefined: is required when venue is live');
    expect(live).toContain('exchange.apiSecret = undefined');
    const ok = loadConfig({
      file: false,
      env: { REGISTRY: 'postgres', DATABASE_URL: 'postgres://u:p@h/db' },
    });
    expect(ok.databaseUrl).toBe('postgres://u:p@h/db');
  });

  it('never echoes secrets in errors or in redactedConfig', () => {
    const env = {
      API_TOKEN: 'short tok3n',
      DATABASE_URL: 'mysql://admin:hunter2-pw@db/x',
      EXCHANGE_API_KEY: 'k'.repeat(600),
    };
    const path = file('s.yaml', 'exchange:\n  apiSecert: my-typo-secret\n');
    const message = problemsOf(() => loadConfig({ file: path, env }));
    for (const secret of ['tok3n', 'hunter2-pw', 'kkkkkk', 'my-typo-secret'])
      expect(message).not.toContain(secret);
    expect(message).toContain('apiToken = <redacted>');
    expect(message).toContain('databaseUrl = "mysql://admin:<redacted>@db/x"');

    const cfg = loadConfig({
      file: false,
      env: {
        API_TOKEN: 'a'.repeat(32),
        DATABASE_URL: 'postgres://app:pw-secret@db/f',
        EXCHANGE_API_SECRET: 'xyz-secret',
      },
    });
    const printed = JSON.stringify(redactedConfig(cfg));
    for (const secret of ['a'.repeat(32), 'pw-secret', 'xyz-secret'])
      expect(printed).not.toContain(secret);
    expect(printed).toContain('postgres://app:<redacted>@db/f');
  });

  it('bounds depthLevels and cooldownMs as the strategy does, defaults and per symbol alike', () => {
    const atLimit = loadConfig({
      file: false,
      env: { ENGINE_DEFAULTS_DEPTH_LEVELS: '500', ENGINE_DEFAULTS_COOLDOWN_MS: '86400000' },
    });
    expect(atLimit.engineDefaults).toMatchObject({ depthLevels: 500, cooldownMs: 86_400_000 });
    const path = file(
      'limits.yaml',
      'symbols:\n  BTCUSDT:\n    depthLevels: 1000\n    cooldownMs: 172800000\n',
    );
    const message = problemsOf(() => loadConfig({ file: path, env: {} }));
    expect(message).toContain(
      `symbols.BTCUSDT.depthLevels = 1000: must be an integer between 1 and 500 (from file ${path})`,
    );
    expect(message).toContain(
      'symbols.BTCUSDT.cooldownMs = 172800000: must be an integer between 0 and 86400000',
    );
    expect(problemsOf(() => validateEngineOverrides({ depthLevels: 501 }))).toContain(
      'overrides.depthLevels = 501: must be an integer between 1 and 500 (from request)',
    );
    expect(validateEngineOverrides({ depthLevels: 500 }).depthLevels).toBe(500);
  });

  it('takes the per-stream log file count from LOGGING_MAX_FILES_PER_STREAM', () => {
    expect(loadConfig({ file: false, env: {} }).logging.maxFilesPerStream).toBe(30);
    const cfg = loadConfig({ file: false, env: { LOGGING_MAX_FILES_PER_STREAM: '7' } });
    expect(cfg.logging.maxFilesPerStream).toBe(7);
  });

  it('validates per-symbol overrides for the HTTP layer', () => {
    const base = loadConfig({ file: false, env: {} }).engineDefaults;
    expect(validateEngineOverrides({ cooldownMs: 5 }, base).cooldownMs).toBe(5);
    expect(problemsOf(() => validateEngineOverrides({ sellThreshold: '0.8' }, base))).toContain(
      'overrides.sellThreshold = "0.8": must be below buyThreshold (0.75)',
    );
    expect(problemsOf(() => validateEngineOverrides({ margin: 10 }, base))).toContain(
      'overrides.margin = 10: is not a known key',
    );
    expect(problemsOf(() => validateEngineOverrides({ leverage: 10 }, base))).toContain(
      'overrides.leverage = 10: must be a decimal string between 1 and 100',
    );
    expect(problemsOf(() => validateEngineOverrides({ entryNotional: '1500' }, base))).toContain(
      'overrides.entryNotional = "1500": must be at most maxPositionNotional (1000)',
    );
  });
});

describe('the default config file', () => {
  const cwd = process.cwd();
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flotilla-config-cwd-'));
    mkdirSync(join(dir, 'config'));
    process.chdir(dir);
  });
  afterEach(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  it('is config/flotilla.json when there is no yaml', () => {
    writeFileSync(join(dir, 'config', 'flotilla.json'), JSON.stringify({ port: 4123 }));
    expect(resolveConfigFile(undefined, {})).toBe('config/flotilla.json');
    expect(loadConfig({ env: {} }).port).toBe(4123);
  });

  it('prefers config/flotilla.yaml over the json, and FLOTILLA_CONFIG over both', () => {
    writeFileSync(join(dir, 'config', 'flotilla.json'), JSON.stringify({ port: 4123 }));
    writeFileSync(join(dir, 'config', 'flotilla.yaml'), 'port: 4124\n');
    expect(loadConfig({ env: {} }).port).toBe(4124);
    expect(loadConfig({ env: { FLOTILLA_CONFIG: 'config/flotilla.json' } }).port).toBe(4123);
  });

  it('is none when neither exists', () => {
    expect(resolveConfigFile(undefined, {})).toBeUndefined();
  });
});
