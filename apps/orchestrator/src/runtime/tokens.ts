/** Injection tokens for the parts the runtime builds from configuration. */
export const CONFIG = Symbol('CONFIG');
export const CLOCK = Symbol('CLOCK');
export const LOGGING = Symbol('LOGGING');
export const VENUE_ENDPOINT = Symbol('VENUE_ENDPOINT');
export const MARKET_DATA = Symbol('MARKET_DATA');
export const REGISTRY = Symbol('REGISTRY');
export const REGISTRY_STORE = Symbol('REGISTRY_STORE');
export const OWNERSHIP = Symbol('OWNERSHIP');
export const ENGINE_MANAGER = Symbol('ENGINE_MANAGER');
export const INTENT_SINK = Symbol('INTENT_SINK');
export const VENUE_PORT = Symbol('VENUE_PORT');
/** The shared risk gate with the operator's controls (trading/risk-controls.ts: RiskControls). */
export const RISK = Symbol('RISK');
/** Where audit entries go (AuditSink from @flotilla/execution). */
export const AUDIT_SINK = Symbol('AUDIT_SINK');
/** Reads the audit trail back (AuditReader from @flotilla/execution). */
export const AUDIT_READER = Symbol('AUDIT_READER');
/** symbol → the current run's ExecutorView (trading/execution-registry.ts). */
export const EXECUTIONS = Symbol('EXECUTIONS');
/** The AuditTrail itself (both AUDIT_SINK and AUDIT_READER point at it). */
export const AUDIT_TRAIL = Symbol('AUDIT_TRAIL');
/** symbol → the ExecutionFactory an engine's start builds its execution with. */
export const EXECUTION_FACTORY = Symbol('EXECUTION_FACTORY');
/** The private stream's router to the engines (execution/venue-event-router.ts). */
export const VENUE_EVENTS = Symbol('VENUE_EVENTS');
/** The cockpit's in-process event bus (CockpitBus): /ws, alerts. */
export const COCKPIT_BUS = Symbol('COCKPIT_BUS');
