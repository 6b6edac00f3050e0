import type { ExecutionStats } from './contracts';

/** Recent samples kept per ring. */
export const STATS_RING_SIZE = 256;

function push(ring: number[], value: number): void {
  ring.push(value);
  if (ring.length > STATS_RING_SIZE) ring.shift();
}

/** Counters and bounded rings behind ExecutionStats. */
export class ExecStatsRecorder {
  signals = 0;
  entriesSubmitted = 0;
  entriesFilled = 0;
  entriesRejected = 0;
  riskRefusals = 0;
  private readonly ackMs: number[] = [];
  private readonly slipBps: number[] = [];

  recordAck(ms: number): void {
    push(this.ackMs, ms);
  }

  recordSlippage(bps: number): void {
    push(this.slipBps, bps);
  }

  snapshot(): ExecutionStats {
    return {
      signals: this.signals,
      entriesSubmitted: this.entriesSubmitted,
      entriesFilled: this.entriesFilled,
      entriesRejected: this.entriesRejected,
      riskRefusals: this.riskRefusals,
      signalToAckMs: [...this.ackMs],
      slippageBps: [...this.slipBps],
    };
  }
}
