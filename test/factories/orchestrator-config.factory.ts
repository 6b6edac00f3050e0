import type { VenueSim } from '@flotilla/venue-sim';

/** A 32-character bearer token: long enough for config validation, distinctive enough to grep for in logs. */
export const TEST_API_TOKEN = 'flotilla-test-token-4b1d9c2e7a55';

export type ConfigOverrides = Record<string, unknown>;

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Nested objects merge key by key; arrays and scalars in `over` replace those in `base`. */
export function mergeOverrides(base: ConfigOverrides, over: ConfigOverrides = {}): ConfigOverrides {
  const out: ConfigOverrides = { ...base };
  for (const [key, value] of Object.entries(over)) {
    out[key] = isPlain(value) && isPlain(out[key]) ? mergeOverrides(out[key], value) : value;
  }
  return out;
}

/**
 * Config overrides for an in-process orchestrator against an external simulator: no autostart,
 * no console logging, and supervision intervals short enough for a test to watch them act.
 * The engine's own heartbeat timer ticks every 1 s, so heartbeatTimeoutMs stays above that.
 */
export function orchestratorTestConfig(opts: {
  sim: VenueSim;
  dataDir: string;
  faultInjection?: boolean;
  overrides?: ConfigOverrides;
}): ConfigOverrides {
  return mergeOverrides(
    {
      host: '127.0.0.1',
      port: 0,
      dataDir: opts.dataDir,
      venue: 'sim',
      venueUrl: opts.sim.restUrl,
      venueWsUrl: opts.sim.wsPublicUrl,
      registry: 'json',
      // The suites run in either ingestion mode: MARKET_INGESTION=workers npx jest ...
      marketIngestion: process.env.MARKET_INGESTION === 'workers' ? 'workers' : 'main',
      apiToken: TEST_API_TOKEN,
      logLevel: 'info',
      faultInjection: opts.faultInjection ?? false,
      autostart: [],
      logging: { console: false },
      health: { intervalMs: 100, heartbeatTimeoutMs: 1500 },
      recovery: { baseDelayMs: 200, maxDelayMs: 2000 },
      resume: { staggerMs: 0 },
      shutdown: { timeoutMs: 5000 },
      // Every test is one client firing far faster than an operator; limits are tested on their own.
      rateLimit: { authFailuresPerMinute: 0, mutationsPerMinute: 0, readsPerMinute: 0 },
    },
    opts.overrides,
  );
}
