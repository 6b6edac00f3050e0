import { IsArray, IsOptional, IsUrl, Matches } from 'class-validator';
import { CareJobsConfig, CareOverrides, CareParams } from './care-params';
import {
  Bool,
  DecimalString,
  Int,
  OneOf,
  Pattern,
  PositiveDecimalString,
  Section,
  Text,
} from './rules';

export const VENUES = ['sim', 'paper', 'live'] as const;
export const REGISTRIES = ['json', 'postgres'] as const;
export const CONFIG_LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export const LOG_FORMATS = ['json', 'pretty'] as const;
export const MARKET_INGESTIONS = ['main', 'workers'] as const;
export type MarketIngestion = (typeof MARKET_INGESTIONS)[number];
export type Venue = (typeof VENUES)[number];
export type RegistryKind = (typeof REGISTRIES)[number];
export type ConfigLogLevel = (typeof CONFIG_LOG_LEVELS)[number];
export type LogFormat = (typeof LOG_FORMATS)[number];

export class VenueSimConfig {
  @Int(0) seed!: number;
  @Int(0, 9999) synthetic!: number; // names are SYN0001USDT … SYN9999USDT
  @Int(1, 1000) rateHz!: number;
}

export class FeedConfig {
  @Int(100) staleAfterMs!: number;
  @Int(100) pingIntervalMs!: number;
  @Int(1, 1000) topicsPerConnection!: number;
  /** Market-data work per event-loop turn before the rest waits a turn; 0 parses all as it arrives. */
  @Int(0, 1000) ingestBudgetMs!: number;
}

export class HealthConfig {
  @Int(10) intervalMs!: number;
  @Int(10) heartbeatTimeoutMs!: number;
  @Int(1) errorSpikeCount!: number;
  @Int(100) errorSpikeWindowMs!: number;
  /** Period of the background registry/venue/feed check that /health/ready and /health/deps read. */
  @Int(100) depsIntervalMs!: number;
}

export class RecoveryConfig {
  @Int(0, 1000) maxRestartsPerHour!: number;
  @Int(0) baseDelayMs!: number;
  @Int(0) maxDelayMs!: number;
  @Int(0) stableAfterMs!: number;
}

export class RegistryRetryConfig {
  @Int(1) initialMs!: number;
  @Int(1) maxMs!: number;
}

/** The strategy's own bounds (libs/trading resolveStrategyParams), so boot refuses what a start would. */
const MAX_DEPTH_LEVELS = 500;
const MAX_COOLDOWN_MS = 86_400_000;
/** Execution bounds (USDT, percent): wide enough for any real account, narrow enough to catch a typo. */
const MAX_NOTIONAL = '1000000000';
const MAX_STOP_LOSS_PCT = '50';
const MAX_TAKE_PROFIT_PCT = '1000';
const MAX_LEVERAGE = '100';

/** Strategy, execution and (inherited) position-care keys. */
export class EngineParams extends CareParams {
  @Int(1, MAX_DEPTH_LEVELS) depthLevels!: number;
  @DecimalString('0', '1') buyThreshold!: string;
  @DecimalString('0', '1') sellThreshold!: string;
  @DecimalString('0') minClusterVolume!: string;
  @Int(0, MAX_COOLDOWN_MS) cooldownMs!: number;
  @Int(1, 100_000) signalHistory!: number;
  /** Execution (libs/execution ExecutionSettings); the strategy never sees these. */
  @PositiveDecimalString(MAX_NOTIONAL) entryNotional!: string;
  @PositiveDecimalString(MAX_STOP_LOSS_PCT) stopLossPct!: string;
  @PositiveDecimalString(MAX_TAKE_PROFIT_PCT) takeProfitPct!: string;
  @Bool() exitOnOppositeSignal!: boolean;
  @DecimalString('1', MAX_LEVERAGE) leverage!: string;
  @PositiveDecimalString(MAX_NOTIONAL) maxPositionNotional!: string;
  @Int(100, 60_000) stopConfirmTimeoutMs!: number;
}

/** Per-symbol overrides: any subset of EngineParams. */
export class EngineOverrides extends CareOverrides {
  @IsOptional() @Int(1, MAX_DEPTH_LEVELS) depthLevels?: number;
  @IsOptional() @DecimalString('0', '1') buyThreshold?: string;
  @IsOptional() @DecimalString('0', '1') sellThreshold?: string;
  @IsOptional() @DecimalString('0') minClusterVolume?: string;
  @IsOptional() @Int(0, MAX_COOLDOWN_MS) cooldownMs?: number;
  @IsOptional() @Int(1, 100_000) signalHistory?: number;
  @IsOptional() @PositiveDecimalString(MAX_NOTIONAL) entryNotional?: string;
  @IsOptional() @PositiveDecimalString(MAX_STOP_LOSS_PCT) stopLossPct?: string;
  @IsOptional() @PositiveDecimalString(MAX_TAKE_PROFIT_PCT) takeProfitPct?: string;
  @IsOptional() @Bool() exitOnOppositeSignal?: boolean;
  @IsOptional() @DecimalString('1', MAX_LEVERAGE) leverage?: string;
  @IsOptional() @PositiveDecimalString(MAX_NOTIONAL) maxPositionNotional?: string;
  @IsOptional() @Int(100, 60_000) stopConfirmTimeoutMs?: number;
}

/** Shared by every engine (SPEC 9); money in USDT as decimal strings. */
export class RiskConfig {
  @Int(1, 100_000) maxOpenPositions!: number;
  @PositiveDecimalString('1000000000000') maxTotalExposure!: string;
  @DecimalString('0', MAX_NOTIONAL) minOrderNotional!: string;
  /** Realised loss per UTC day that blocks entries fleet-wide until the day ends or an operator resets it. */
  @PositiveDecimalString('1000000000000') dailyLossLimit!: string;
}

export class LoggingConfig {
  @Int(1, 10_240) maxFileSizeMb!: number;
  @Int(1, 3650) retentionDays!: number;
  /** With maxFileSizeMb this bounds one stream's disk use; 2 keeps the file just rolled. */
  @Int(2, 10_000) maxFilesPerStream!: number;
  @Bool() console!: boolean;
}

/** Requests per client IP in a sliding minute; 0 turns that limit off. */
export class RateLimitConfig {
  /** Failed authentications only; over it every request needing the token is refused. */
  @Int(0, 1_000_000) authFailuresPerMinute!: number;
  @Int(0, 1_000_000) mutationsPerMinute!: number;
  /** GET/HEAD; health probes and /metrics are never limited. */
  @Int(0, 1_000_000) readsPerMinute!: number;
}

export class ShutdownConfig {
  @Int(100, 600_000) timeoutMs!: number;
}

export class ResumeConfig {
  @Int(0, 60_000) staggerMs!: number;
}

/** One owner per DATA_DIR (JSON lock) or per database (Postgres lease); see docs/decisions.md. */
export class OwnershipConfig {
  @Int(100, 600_000) lockRefreshMs!: number;
  @Int(1_000, 3_600_000) lockStaleAfterMs!: number;
  @Int(500, 600_000) leaseTtlMs!: number;
  @Int(50, 600_000) leaseRenewMs!: number;
  @Int(50, 600_000) leaseRetryMs!: number;
}

export class ExchangeConfig {
  @IsOptional() @Text(1, 512) apiKey?: string;
  @IsOptional() @Text(1, 512) apiSecret?: string;
}

const URL_OPTIONS = { require_tld: false, require_protocol: true };

export class FlotillaConfig {
  @Int(0, 65_535) port!: number;
  @Text(1, 255) host!: string;
  @Text(1, 4096) dataDir!: string;
  @OneOf(VENUES) venue!: Venue;
  @Bool() testnet!: boolean;
  @IsOptional()
  @IsUrl({ ...URL_OPTIONS, protocols: ['http', 'https'] }, { message: 'must be an http(s) URL' })
  venueUrl?: string;
  @IsOptional()
  @IsUrl({ ...URL_OPTIONS, protocols: ['ws', 'wss'] }, { message: 'must be a ws(s) URL' })
  venueWsUrl?: string;
  /** VENUE=paper: the public stream the embedded simulator mirrors (default Bybit's). */
  @IsOptional()
  @IsUrl({ ...URL_OPTIONS, protocols: ['ws', 'wss'] }, { message: 'must be a ws(s) URL' })
  paperUpstreamUrl?: string;
  /** VENUE=paper: where the mirror reads instruments-info (default Bybit's REST). */
  @IsOptional()
  @IsUrl({ ...URL_OPTIONS, protocols: ['http', 'https'] }, { message: 'must be an http(s) URL' })
  paperUpstreamRestUrl?: string;
  /** Where alerts are POSTed as JSON (issue 12); unset: alerts go to the log and /ws only. */
  @IsOptional()
  @IsUrl({ ...URL_OPTIONS, protocols: ['http', 'https'] }, { message: 'must be an http(s) URL' })
  alertWebhookUrl?: string;
  @OneOf(REGISTRIES) registry!: RegistryKind;
  /** Where the venue sockets, parsing and books run: the main thread, or worker_threads. */
  @OneOf(MARKET_INGESTIONS) marketIngestion!: MarketIngestion;
  @IsOptional()
  @Pattern(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL')
  databaseUrl?: string;
  @IsOptional()
  @Matches(/^\S{16,512}$/, { message: 'must be 16-512 characters without spaces' })
  apiToken?: string;
  @Section(() => ExchangeConfig) exchange!: ExchangeConfig;
  @OneOf(CONFIG_LOG_LEVELS) logLevel!: ConfigLogLevel;
  /** stdout format; unset: pretty on a TTY outside production, else json. */
  @IsOptional() @OneOf(LOG_FORMATS) logFormat?: LogFormat;
  /** Browser origins allowed by CORS; empty: CORS off (no Access-Control-* headers). */
  @IsArray({ message: 'must be a list of origins' })
  @Pattern(/^https?:\/\/[^\s/,]+$/, 'each must be an origin like https://ops.example.com', {
    each: true,
  })
  corsOrigins!: string[];
  @Section(() => RateLimitConfig) rateLimit!: RateLimitConfig;
  @Bool() faultInjection!: boolean;
  @Section(() => VenueSimConfig) venueSim!: VenueSimConfig;
  @Section(() => FeedConfig) feed!: FeedConfig;
  @Section(() => HealthConfig) health!: HealthConfig;
  @Section(() => RecoveryConfig) recovery!: RecoveryConfig;
  @IsOptional() @Section(() => RegistryRetryConfig) registryRetry?: RegistryRetryConfig;
  @Section(() => EngineParams) engineDefaults!: EngineParams;
  /** Keyed by normalised symbol; validated entry by entry in load-config. */
  @IsOptional() symbols!: Record<string, EngineOverrides>;
  @Section(() => RiskConfig) risk!: RiskConfig;
  @Section(() => CareJobsConfig) care!: CareJobsConfig;
  @IsArray({ message: 'must be a list of symbols' }) autostart!: string[];
  @Section(() => LoggingConfig) logging!: LoggingConfig;
  @Section(() => ShutdownConfig) shutdown!: ShutdownConfig;
  @Section(() => ResumeConfig) resume!: ResumeConfig;
  @Section(() => OwnershipConfig) ownership!: OwnershipConfig;
}
