export { startVenueSim } from './venue-sim';
export type {
  VenueSim,
  VenueSimOptions,
  VenueSimTradingOptions,
  FaultOutcome,
  SimBook,
  MirrorOptions,
  PriceShock,
} from './venue-sim';
export type { MirrorStats } from './mirror/mirror-feed';
export {
  FAULT_TYPES,
  PRIVATE_FAULT_TYPES,
  PUBLIC_FAULT_TYPES,
  FaultValidationError,
  parseFaultRequest,
} from './faults';
export type { FaultRequest, FaultType, ActiveFault, PrivateFaultType } from './faults';
export type { ActivePrivateFault } from './private/private-faults';
export { RATE_LIMITS_PER_S } from './private/rate-limit';
export { signRest } from './private/signature';
export { STATE_WRITE_THROTTLE_MS } from './private/state-file';
export { PUBLIC_LINEAR_PATH } from './public-stream';
export { accountProtection, type PositionProtection } from './protection';
export * from './exchange';
export { PRIVATE_PATH } from './private-stream/private-stream';
export type { PrivateStreamStats } from './private-stream/private-stream';
export { signRealtime } from './private-stream/auth';
