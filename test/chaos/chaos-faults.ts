import { API_TOKEN } from '../orchestrator/process/process-tools';
import { postJson } from '../trading/drill-support';

/*
 * The chaos drill's fault menu: each pick is one fault aimed at the service (its engines) or at
 * the venue it talks to, drawn from a seeded PRNG so a seed replays the same sequence of picks.
 * (The timing of what they hit still varies with the machine.)
 */

/** mulberry32: small, seedable, good enough to pick faults. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type ChaosFault =
  | 'engine-crash'
  | 'engine-hang'
  | 'private-drop'
  | 'public-drop'
  | 'timeout-after-accept'
  | 'rate-limit-storm'
  | 'server-error-storm'
  | 'stop-reject'
  | 'none';

/** Relative weights: stop-reject is rare ("now and then"), a quiet step now and then too. */
export const FAULT_WEIGHTS: Readonly<Record<ChaosFault, number>> = {
  'engine-crash': 3,
  'engine-hang': 1,
  'private-drop': 2,
  'public-drop': 2,
  'timeout-after-accept': 2,
  'rate-limit-storm': 2,
  'server-error-storm': 2,
  'stop-reject': 1,
  none: 2,
};

export interface FaultPick {
  readonly fault: ChaosFault;
  /** The engine or market it aims at (engine and symbol faults). */
  readonly symbol: string;
}

export class FaultPicker {
  private readonly random: () => number;
  private readonly total: number;

  constructor(
    seed: number,
    private readonly symbols: readonly string[],
  ) {
    this.random = prng(seed);
    this.total = Object.values(FAULT_WEIGHTS).reduce((a, b) => a + b, 0);
  }

  next(): FaultPick {
    let roll = this.random() * this.total;
    let fault: ChaosFault = 'none';
    for (const [name, weight] of Object.entries(FAULT_WEIGHTS) as [ChaosFault, number][]) {
      if (roll < weight) {
        fault = name;
        break;
      }
      roll -= weight;
    }
    const symbol = this.symbols[Math.floor(this.random() * this.symbols.length)];
    return { fault, symbol };
  }
}

/** The venue's body for a venue fault; null for an engine fault or none. */
export function venueFaultBody(pick: FaultPick): Record<string, unknown> | null {
  switch (pick.fault) {
    case 'private-drop':
      return { type: 'private-drop' };
    case 'public-drop':
      return { type: 'drop' };
    case 'timeout-after-accept':
      return { type: 'timeout-after-accept', share: 0.5, durationMs: 4000 };
    case 'rate-limit-storm':
      return { type: 'rate-limit', count: 4 };
    case 'server-error-storm':
      return { type: 'server-error', count: 4, status: 503 };
    case 'stop-reject':
      // One stop refused or dropped on one symbol: the executor must place it again or close.
      return { type: 'stop-reject', symbol: pick.symbol, count: 1, durationMs: 10_000 };
    case 'engine-crash':
    case 'engine-hang':
    case 'none':
      return null;
  }
}

/** Injects one pick; resolves to false when its target refused it (e.g. the engine not running). */
export async function inject(pick: FaultPick, serviceUrl: string, venueUrl: string) {
  if (pick.fault === 'none') return true;
  if (pick.fault === 'engine-crash' || pick.fault === 'engine-hang') {
    const type = pick.fault === 'engine-crash' ? 'crash' : 'hang';
    const answer = await postJson(
      `${serviceUrl}/engines/${pick.symbol}/faults`,
      { type },
      API_TOKEN,
      [200, 404, 409],
    ).catch(() => null);
    return answer !== null && (answer as { status?: string }).status !== undefined;
  }
  const body = venueFaultBody(pick) as Record<string, unknown>;
  await postJson(`${venueUrl}/__admin/faults`, body);
  return true;
}
