/**
 * Built-in defaults, their one source: the supervisor and the strategy get theirs from here;
 * config/flotilla.yaml repeats them with comments, and load-config.spec asserts that they agree.
 */
export const DEFAULTS = {
  port: 3000,
  host: '0.0.0.0',
  dataDir: './data',
  venue: 'sim',
  testnet: false,
  registry: 'json',
  marketIngestion: 'main',
  exchange: {},
  logLevel: 'info',
  corsOrigins: [] as string[],
  rateLimit: { authFailuresPerMinute: 10, mutationsPerMinute: 60, readsPerMinute: 3000 },
  faultInjection: false,
  venueSim: { seed: 42, synthetic: 0, rateHz: 10 },
  feed: {
    staleAfterMs: 10_000,
    pingIntervalMs: 20_000,
    topicsPerConnection: 300,
    ingestBudgetMs: 25,
  },
  health: {
    intervalMs: 1000,
    heartbeatTimeoutMs: 5000,
    errorSpikeCount: 10,
    errorSpikeWindowMs: 60_000,
    depsIntervalMs: 10_000,
  },
  recovery: {
    maxRestartsPerHour: 5,
    baseDelayMs: 1000,
    maxDelayMs: 300_000,
    stableAfterMs: 600_000,
  },
  engineDefaults: {
    depthLevels: 10,
    buyThreshold: '0.75',
    sellThreshold: '0.25',
    minClusterVolume: '10000',
    cooldownMs: 30_000,
    signalHistory: 200,
    entryNotional: '100',
    stopLossPct: '1',
    takeProfitPct: '2',
    exitOnOppositeSignal: true,
    leverage: '1',
    maxPositionNotional: '1000',
    stopConfirmTimeoutMs: 3000,
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
  },
  symbols: {},
  risk: {
    maxOpenPositions: 5,
    maxTotalExposure: '10000',
    minOrderNotional: '5',
    dailyLossLimit: '500',
  },
  care: { guardIntervalMs: 300_000, zombieTickMs: 60_000 },
  autostart: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'],
  logging: { maxFileSizeMb: 50, retentionDays: 14, maxFilesPerStream: 30, console: true },
  shutdown: { timeoutMs: 10_000 },
  resume: { staggerMs: 50 },
  ownership: {
    lockRefreshMs: 5_000,
    lockStaleAfterMs: 30_000,
    leaseTtlMs: 15_000,
    leaseRenewMs: 5_000,
    leaseRetryMs: 1_000,
  },
};

type EnvKind = 'int' | 'bool' | 'string' | 'list';

export interface EnvBinding {
  name: string;
  path: string[];
  kind: EnvKind;
}

const EXPLICIT: EnvBinding[] = [
  { name: 'VENUE_URL', path: ['venueUrl'], kind: 'string' },
  { name: 'VENUE_WS_URL', path: ['venueWsUrl'], kind: 'string' },
  { name: 'PAPER_UPSTREAM_URL', path: ['paperUpstreamUrl'], kind: 'string' },
  { name: 'PAPER_UPSTREAM_REST_URL', path: ['paperUpstreamRestUrl'], kind: 'string' },
  { name: 'ALERT_WEBHOOK_URL', path: ['alertWebhookUrl'], kind: 'string' },
  { name: 'DATABASE_URL', path: ['databaseUrl'], kind: 'string' },
  { name: 'API_TOKEN', path: ['apiToken'], kind: 'string' },
  { name: 'LOG_FORMAT', path: ['logFormat'], kind: 'string' },
  { name: 'EXCHANGE_API_KEY', path: ['exchange', 'apiKey'], kind: 'string' },
  { name: 'EXCHANGE_API_SECRET', path: ['exchange', 'apiSecret'], kind: 'string' },
  { name: 'REGISTRY_RETRY_INITIAL_MS', path: ['registryRetry', 'initialMs'], kind: 'int' },
  { name: 'REGISTRY_RETRY_MAX_MS', path: ['registryRetry', 'maxMs'], kind: 'int' },
];

function envName(path: string[]): string {
  return path.map((p) => p.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()).join('_');
}

function kindOf(value: unknown): EnvKind {
  if (typeof value === 'number') return 'int';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'list';
  return 'string';
}

/** Every default leaf gets an env var named after its path: health.intervalMs → HEALTH_INTERVAL_MS. */
function derive(node: Record<string, unknown>, prefix: string[]): EnvBinding[] {
  return Object.entries(node).flatMap(([key, value]) => {
    const path = [...prefix, key];
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return derive(value as Record<string, unknown>, path);
    }
    return [{ name: envName(path), path, kind: kindOf(value) }];
  });
}

export const ENV_BINDINGS: readonly EnvBinding[] = [...derive(DEFAULTS, []), ...EXPLICIT];
