import { DomainError, dec, type Decimal } from '@flotilla/core';

/**
 * Per-symbol strategy parameters, fully resolved by the caller (the orchestrator reads them from
 * @flotilla/config, the one source of their defaults): ratios and amounts as decimal strings.
 */
export interface StrategyParams {
  /** Book levels per side summed into the imbalance. */
  depthLevels: number;
  /** Buy when bid share of the quote volume is at or above this ratio (0..1). */
  buyThreshold: string;
  /** Sell when bid share is at or below this ratio (0..1). */
  sellThreshold: string;
  /** Minimum quote volume (bids + asks over depthLevels) for any signal. */
  minClusterVolume: string;
  /** Minimum time between two signals of this symbol. */
  cooldownMs: number;
  /** Trade flow is summed over this rolling window (exact to 1/60 of it); TRADE_FLOW_WINDOW_MS if unset. */
  tradeFlowWindowMs?: number;
}

/** The trade-flow window when none is given; not an operator setting, so no config key carries it. */
export const TRADE_FLOW_WINDOW_MS = 60_000;

/** The parsed form the strategy computes with. */
export interface ResolvedStrategyParams {
  depthLevels: number;
  buyThreshold: Decimal;
  sellThreshold: Decimal;
  minClusterVolume: Decimal;
  cooldownMs: number;
  tradeFlowWindowMs: number;
}

function invalid(key: string, value: unknown, rule: string): DomainError {
  return new DomainError('INVALID_CONFIG', `strategy.${key}=${JSON.stringify(value)}: ${rule}`);
}

function decimalIn(key: string, value: string, min: Decimal, max: Decimal | null): Decimal {
  let d: Decimal;
  try {
    d = dec(value);
  } catch {
    throw invalid(key, value, 'must be a decimal string');
  }
  if (!d.isFinite() || d.lt(min) || (max !== null && d.gt(max))) {
    throw invalid(key, value, `must be between ${min.toFixed()} and ${max?.toFixed() ?? 'any'}`);
  }
  return d;
}

function intIn(key: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(key, value, `must be an integer between ${min} and ${max}`);
  }
  return value;
}

/** Validates and parses; throws INVALID_CONFIG naming key, value and rule. */
export function resolveStrategyParams(p: StrategyParams): ResolvedStrategyParams {
  const zero = dec('0');
  const one = dec('1');
  const resolved: ResolvedStrategyParams = {
    depthLevels: intIn('depthLevels', p.depthLevels, 1, 500),
    buyThreshold: decimalIn('buyThreshold', p.buyThreshold, zero, one),
    sellThreshold: decimalIn('sellThreshold', p.sellThreshold, zero, one),
    minClusterVolume: decimalIn('minClusterVolume', p.minClusterVolume, zero, null),
    cooldownMs: intIn('cooldownMs', p.cooldownMs, 0, 86_400_000),
    tradeFlowWindowMs: intIn(
      'tradeFlowWindowMs',
      p.tradeFlowWindowMs ?? TRADE_FLOW_WINDOW_MS,
      1,
      86_400_000,
    ),
  };
  if (resolved.sellThreshold.gte(resolved.buyThreshold)) {
    throw invalid(
      'sellThreshold',
      p.sellThreshold,
      `must be below buyThreshold (${p.buyThreshold})`,
    );
  }
  return resolved;
}
