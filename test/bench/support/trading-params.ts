/**
 * The trading bench's flags: strategy thresholds that make signals frequent, risk limits that let
 * every engine hold a position, a small entry and tight exits so positions cycle. Each maps to the
 * orchestrator's env binding (libs/config defaults.ts: engineDefaults.buyThreshold →
 * ENGINE_DEFAULTS_BUY_THRESHOLD, risk.maxOpenPositions → RISK_MAX_OPEN_POSITIONS, …).
 */
export interface TradingParams {
  engines: number;
  seconds: number;
  warmupS: number;
  /** Longest wait for every engine to reconcile before the window starts anyway. */
  reconcileTimeoutS: number;
  rateHz: number;
  phases: number;
  statusRps: number;
  statusGzip: boolean;
  /** Sim's per-second limits × this (1 = Bybit's: order/create 10/s for the account). */
  rateLimitScale: number;
  accountUsdt: string;
  sampleMs: number;
  buyThreshold: string;
  sellThreshold: string;
  minClusterVolume: string;
  cooldownMs: number;
  entryNotional: string;
  stopLossPct: string;
  takeProfitPct: string;
  maxOpenPositions: number;
  maxTotalExposure: string;
  dailyLossLimit: string;
}

export function tradingParams(args: Record<string, string>): TradingParams {
  const engines = Number(args.engines ?? 100);
  const entryNotional = args['entry-notional'] ?? '20';
  return {
    engines,
    seconds: Number(args.seconds ?? 60),
    warmupS: Number(args['warmup-s'] ?? 5),
    reconcileTimeoutS: Number(args['reconcile-timeout-s'] ?? 600),
    rateHz: Number(args.rate ?? 10),
    phases: Number(args.phases ?? 10),
    statusRps: Number(args['status-rps'] ?? 200),
    statusGzip: (args['status-gzip'] ?? 'true') !== 'false',
    rateLimitScale: Number(args['rate-limit-scale'] ?? 100),
    accountUsdt: args['account-usdt'] ?? '100000',
    sampleMs: Number(args['sample-ms'] ?? 100),
    buyThreshold: args['buy-threshold'] ?? '0.55',
    sellThreshold: args['sell-threshold'] ?? '0.45',
    minClusterVolume: args['min-cluster-volume'] ?? '0',
    cooldownMs: Number(args['cooldown-ms'] ?? 5000),
    entryNotional,
    stopLossPct: args['stop-loss-pct'] ?? '0.1',
    takeProfitPct: args['take-profit-pct'] ?? '0.1',
    maxOpenPositions: Number(args['max-open-positions'] ?? engines),
    maxTotalExposure: args['max-total-exposure'] ?? String(engines * Number(entryNotional) * 2),
    dailyLossLimit: args['daily-loss-limit'] ?? '1000000',
  };
}

/** The orchestrator's env for these params (on top of the bench's common env). */
export function tradingEnv(p: TradingParams): Record<string, string> {
  return {
    ENGINE_DEFAULTS_BUY_THRESHOLD: p.buyThreshold,
    ENGINE_DEFAULTS_SELL_THRESHOLD: p.sellThreshold,
    ENGINE_DEFAULTS_MIN_CLUSTER_VOLUME: p.minClusterVolume,
    ENGINE_DEFAULTS_COOLDOWN_MS: String(p.cooldownMs),
    ENGINE_DEFAULTS_ENTRY_NOTIONAL: p.entryNotional,
    ENGINE_DEFAULTS_STOP_LOSS_PCT: p.stopLossPct,
    ENGINE_DEFAULTS_TAKE_PROFIT_PCT: p.takeProfitPct,
    RISK_MAX_OPEN_POSITIONS: String(p.maxOpenPositions),
    RISK_MAX_TOTAL_EXPOSURE: p.maxTotalExposure,
    RISK_DAILY_LOSS_LIMIT: p.dailyLossLimit,
  };
}

/** The simulator's command line for these params (its one account funded with accountUsdt). */
export function simArgs(p: TradingParams, account: { key: string; secret: string }): string[] {
  return [
    '--port',
    '0',
    '--synthetic',
    String(p.engines),
    '--rate',
    String(p.rateHz),
    '--phases',
    String(p.phases),
    '--rate-limit-scale',
    String(p.rateLimitScale),
    '--account',
    `${account.key}:${account.secret}:${p.accountUsdt}`,
  ];
}
