import { DEFAULT_ACCOUNT_KEY } from '@flotilla/venue-sim';
import { protectionOf, type VenueProtectionRow } from '../trading/drill-support';

/*
 * The venue's side of "every position has a stop": its protection route read every second, from
 * a venue that outlives the service, so the seconds while the service is down count too.
 */

/** One stretch during which a position stood on the venue without any stop. */
export interface UnprotectedStretch {
  readonly symbol: string;
  readonly fromIso: string;
  /** From the first sample without a stop to the first sample with one (or with no position). */
  readonly seconds: number;
  /** Still open when the drill ended. */
  readonly open: boolean;
}

export interface StopWatchResult {
  readonly samples: number;
  readonly positionSamples: number;
  readonly unprotectedSamples: number;
  /** Distinct positions seen (symbol, side, entry price). */
  readonly positionsSeen: number;
  readonly stretches: UnprotectedStretch[];
  readonly unprotectedSeconds: number;
  readonly longestUnprotectedSeconds: number;
  readonly readErrors: number;
}

export class StopWatch {
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private samples = 0;
  private positionSamples = 0;
  private unprotectedSamples = 0;
  private readErrors = 0;
  private readonly seen = new Set<string>();
  /** Symbol → when its current stretch without a stop began (epoch ms). */
  private readonly bare = new Map<string, number>();
  private readonly stretches: UnprotectedStretch[] = [];

  constructor(
    private readonly venueUrl: string,
    private readonly intervalMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  start(): this {
    this.timer ??= setInterval(() => {
      if (!this.inFlight) {
        this.inFlight = this.sample().finally(() => (this.inFlight = null));
      }
    }, this.intervalMs);
    return this;
  }

  async stop(): Promise<StopWatchResult> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.inFlight;
    const at = this.now();
    for (const [symbol, since] of this.bare) this.close(symbol, since, at, true);
    this.bare.clear();
    const seconds = this.stretches.map((s) => s.seconds);
    return {
      samples: this.samples,
      positionSamples: this.positionSamples,
      unprotectedSamples: this.unprotectedSamples,
      positionsSeen: this.seen.size,
      stretches: [...this.stretches],
      unprotectedSeconds: round(seconds.reduce((a, b) => a + b, 0)),
      longestUnprotectedSeconds: seconds.length === 0 ? 0 : Math.max(...seconds),
      readErrors: this.readErrors,
    };
  }

  /** One read of the venue, counted. */
  async sample(): Promise<void> {
    const at = this.now();
    let rows: VenueProtectionRow[];
    try {
      rows = await protectionOf(this.venueUrl, DEFAULT_ACCOUNT_KEY);
    } catch {
      this.readErrors++;
      return;
    }
    this.samples++;
    this.record(rows, at);
  }

  /** Counts one sample taken at `at` (exposed for the unit spec). */
  record(rows: readonly VenueProtectionRow[], at: number): void {
    const bareNow = new Set<string>();
    for (const p of rows) {
      this.positionSamples++;
      this.seen.add(`${p.symbol}|${p.side}|${p.entryPrice}`);
      if (p.protected) continue;
      this.unprotectedSamples++;
      bareNow.add(p.symbol);
      if (!this.bare.has(p.symbol)) this.bare.set(p.symbol, at);
    }
    for (const [symbol, since] of [...this.bare]) {
      if (bareNow.has(symbol)) continue;
      this.close(symbol, since, at, false);
      this.bare.delete(symbol);
    }
  }

  private close(symbol: string, since: number, at: number, open: boolean): void {
    this.stretches.push({
      symbol,
      fromIso: new Date(since).toISOString(),
      seconds: round((at - since) / 1000),
      open,
    });
  }
}

function round(s: number): number {
  return Math.round(s * 1000) / 1000;
}
