import { Prng } from './prng';

/**
 * Order-flow pressure in [-1, 1] that switches regime every few seconds. It tilts resting sizes
 * (bids grow under buy pressure) and the drift, so book imbalance swings between both extremes.
 */
export class PressureRegime {
  value = 0;
  private target = 0;
  private updatesLeft = 0;

  constructor(private readonly rng: Prng) {}

  advance(): number {
    if (this.updatesLeft <= 0) {
      this.updatesLeft = this.rng.int(50, 200);
      const magnitude = 0.3 + 0.7 * this.rng.next();
      this.target = this.rng.chance(0.5) ? magnitude : -magnitude;
    }
    this.updatesLeft--;
    this.value += (this.target - this.value) * 0.1;
    return this.value;
  }

  /** Multiplier for new resting size on one side; never quite zero. */
  sizeFactor(isBid: boolean): number {
    const tilt = isBid ? this.value : -this.value;
    return Math.max(0.05, 1 + 0.95 * tilt);
  }
}

/** Next mid in ticks: a seeded random walk with pressure drift and a weak pull home. */
export function nextMidTicks(
  rng: Prng,
  midTicks: number,
  startTicks: number,
  volatilityTicks: number,
  pressure: number,
): number {
  const pullHome = (startTicks - midTicks) * 0.0005;
  const move = rng.gaussian() * volatilityTicks + pressure * volatilityTicks * 0.1 + pullHome;
  return Math.max(10, midTicks + Math.round(move));
}

/** Per-update standard deviation of the mid in ticks (about 1 bp of price per second). */
export function volatilityTicks(startTicks: number): number {
  return Math.max(0.35, startTicks * 0.00001);
}
