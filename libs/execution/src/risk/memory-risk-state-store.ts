import type { RiskStateStore } from './json-risk-state-store';
import type { RiskPersistedState } from './risk-state';

/** Keeps the risk state in memory (tests, and runs that need no persistence); `fail` simulates a disk error. */
export class MemoryRiskStateStore implements RiskStateStore {
  saved: RiskPersistedState | null;
  saves = 0;
  fail: Error | null = null;

  constructor(initial: RiskPersistedState | null = null) {
    this.saved = initial;
  }

  async load(): Promise<RiskPersistedState | null> {
    return this.saved;
  }

  async save(state: RiskPersistedState): Promise<void> {
    if (this.fail) throw this.fail;
    this.saves++;
    this.saved = state;
  }

  async flush(): Promise<void> {}
}
