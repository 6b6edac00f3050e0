import { Decimal } from '@flotilla/core';
import type { ExecutionStats } from '@flotilla/execution';
import { distribution, type Distribution } from './percentiles';

export interface ExecutionStatsJson {
  /** Executors counted (engines with a current run). */
  engines: number;
  signals: number;
  entriesSubmitted: number;
  entriesFilled: number;
  entriesRejected: number;
  riskRefusals: number;
  /** entriesFilled / entriesSubmitted as a decimal string (4 places), null before the first entry. */
  fillRatio: string | null;
  /** Entry slippage against the signal's mid, basis points, adverse positive. */
  slippageBps: Distribution;
  /** Signal → entry acknowledged by the venue, ms. */
  signalToAckMs: Distribution;
}

/**
 * Sums the counters of every executor and takes the percentiles over all their recent samples
 * together (each executor keeps a bounded ring, so the fleet's percentiles weigh recent entries of
 * every engine alike).
 */
export function aggregateStats(all: readonly ExecutionStats[]): ExecutionStatsJson {
  let signals = 0;
  let submitted = 0;
  let filled = 0;
  let rejected = 0;
  let refusals = 0;
  const slippage: number[] = [];
  const ack: number[] = [];
  for (const s of all) {
    signals += s.signals;
    submitted += s.entriesSubmitted;
    filled += s.entriesFilled;
    rejected += s.entriesRejected;
    refusals += s.riskRefusals;
    for (const v of s.slippageBps) slippage.push(v);
    for (const v of s.signalToAckMs) ack.push(v);
  }
  return {
    engines: all.length,
    signals,
    entriesSubmitted: submitted,
    entriesFilled: filled,
    entriesRejected: rejected,
    riskRefusals: refusals,
    fillRatio:
      submitted === 0
        ? null
        : new Decimal(filled).div(submitted).toDecimalPlaces(4, Decimal.ROUND_DOWN).toFixed(),
    slippageBps: distribution(slippage),
    signalToAckMs: distribution(ack),
  };
}
