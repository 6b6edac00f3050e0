export * from './contracts';

// ---- risk and audit (RiskManager, kill switch, audit trail)
export { RiskManager, type RiskManagerDeps } from './risk/risk-manager';
export {
  JsonRiskStateStore,
  RISK_STATE_FILE,
  RiskStateCorruptError,
  type RiskStateStore,
} from './risk/json-risk-state-store';
export { MemoryRiskStateStore } from './risk/memory-risk-state-store';
export { utcDay, type RiskPersistedState } from './risk/risk-state';
// ---- end risk and audit
