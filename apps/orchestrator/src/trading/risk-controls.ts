import type { RiskGate } from '@flotilla/execution';

/**
 * What the desk needs of the shared RiskManager beyond the RiskGate contract: the operator's
 * controls. The kill switch persists (the RiskManager writes it under DATA_DIR / the registry), so
 * engaging may be asynchronous; the desk awaits it before it answers. Entries stop at once either
 * way: every executor asks `entriesBlocked()` before each entry.
 */
export interface RiskControls extends RiskGate {
  engageKillSwitch(by: string): void | Promise<void>;
  releaseKillSwitch(by: string): void | Promise<void>;
  /** Clears the day's realised loss so entries resume before the UTC day ends. */
  resetDailyLoss(actor: string): void | Promise<void>;
}
