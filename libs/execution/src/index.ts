export * from './contracts';
export * from './care-settings';

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
export {
  AUDIT_DIR,
  AuditTrail,
  type AuditTrailOptions,
  type AuditTrailStats,
} from './audit/audit-trail';
export {
  toAuditEvent,
  type AuditForwardEvent,
  type AuditForwardPort,
} from './audit/audit-forwarder';
export { FLEET_AUDIT_FILE, auditFileName } from './audit/audit-line';
// ---- end risk and audit
export * from './order-machine';
export * from './position-machine';
export * from './pnl-ledger';
export { Executor, PENDING_EVENTS_KEPT } from './executor';
export { legOfClientId, FINISHED_ORDERS_KEPT } from './order-tracker';
export { STATS_RING_SIZE } from './exec-stats';
export type { GuardOutcome } from './protection-guard';
export {
  ZOMBIE_CANCEL_TRIES,
  ZOMBIE_MAX_INTERVAL_MS,
  ZOMBIE_MIN_INTERVAL_MS,
} from './zombie-sweeper';
