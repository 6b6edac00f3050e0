/**
 * Stop coverage as the venue sees it: every intervalMs one call to the simulator's
 * `GET /__admin/accounts/{key}/protection` lists each open position and whether a stop stands for
 * it; coverage is the share of those position samples that had one.
 */
export interface ProtectionCoverage {
  /** Polls answered. */
  polls: number;
  /** Ticks skipped because the previous poll had not answered yet. */
  skipped: number;
  errors: number;
  /** Open-position samples, and those with a venue-side stop. */
  positionSamples: number;
  covered: number;
  /** covered / positionSamples as a percentage (100 when nothing was open). */
  coveragePct: number;
  openMean: number;
  openMax: number;
  /** The first uncovered samples (bounded). */
  uncovered: Array<{ atS: number; symbol: string }>;
}

interface ProtectionBody {
  positions: Array<{ symbol: string; protected: boolean }>;
}

export class ProtectionSampler {
  private polls = 0;
  private skipped = 0;
  private errors = 0;
  private positionSamples = 0;
  private covered = 0;
  private openMax = 0;
  private readonly uncovered: Array<{ atS: number; symbol: string }> = [];
  private inFlight: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly startedAt = performance.now();

  constructor(
    private readonly url: string,
    private readonly intervalMs = 100,
  ) {}

  start(): this {
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    return this;
  }

  async stop(): Promise<ProtectionCoverage> {
    if (this.timer) clearInterval(this.timer);
    await this.inFlight;
    const pct = this.positionSamples === 0 ? 100 : (this.covered / this.positionSamples) * 100;
    return {
      polls: this.polls,
      skipped: this.skipped,
      errors: this.errors,
      positionSamples: this.positionSamples,
      covered: this.covered,
      coveragePct: Math.round(pct * 1000) / 1000,
      openMean: this.polls === 0 ? 0 : Math.round((this.positionSamples / this.polls) * 10) / 10,
      openMax: this.openMax,
      uncovered: this.uncovered,
    };
  }

  private tick(): void {
    if (this.inFlight) {
      this.skipped++;
      return;
    }
    this.inFlight = this.poll()
      .catch(() => void this.errors++)
      .finally(() => (this.inFlight = null));
  }

  private async poll(): Promise<void> {
    const res = await fetch(this.url);
    if (!res.ok) throw new Error(`protection: HTTP ${res.status}`);
    const { positions } = (await res.json()) as ProtectionBody;
    this.polls++;
    this.positionSamples += positions.length;
    this.openMax = Math.max(this.openMax, positions.length);
    const atS = Math.round((performance.now() - this.startedAt) / 100) / 10;
    for (const p of positions) {
      if (p.protected) this.covered++;
      else if (this.uncovered.length < 50) this.uncovered.push({ atS, symbol: p.symbol });
    }
  }
}
