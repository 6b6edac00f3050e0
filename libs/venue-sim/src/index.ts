export { startVenueSim } from './venue-sim';
export type {
  VenueSim,
  VenueSimOptions,
  VenueSimTradingOptions,
  FaultOutcome,
  SimBook,
} from './venue-sim';
export { FAULT_TYPES, FaultValidationError, parseFaultRequest } from './faults';
export type { FaultRequest, FaultType, ActiveFault } from './faults';
export { PUBLIC_LINEAR_PATH } from './public-stream';
export * from './exchange';
