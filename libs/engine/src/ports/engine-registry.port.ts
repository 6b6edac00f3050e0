/** Lowercase in JSON (SPEC 3). */
export type EngineState =
  'stopped' | 'starting' | 'running' | 'paused' | 'stopping' | 'crashed' | 'backoff' | 'failed';

export type DesiredState = 'running' | 'stopped';

export interface EngineHealthSnapshot {
  lastHeartbeat: string | null;
  eventsProcessed: number;
  errorCount: number;
  lastError: string | null;
}

/** One engine's persisted record (SPEC 5). Times are ISO-8601 UTC strings. */
export interface EngineRecord {
  symbol: string;
  desiredState: DesiredState;
  observedState: EngineState;
  health: EngineHealthSnapshot | null;
  configOverrides: Record<string, unknown>;
  /** ISO times of automatic restarts within the rolling window. */
  restartHistory: string[];
  createdAt: string;
  updatedAt: string;
  /** Incremented on every write; lets adapters detect lost updates. */
  version: number;
}

export type EngineRecordPatch = Partial<
  Pick<
    EngineRecord,
    'desiredState' | 'observedState' | 'health' | 'configOverrides' | 'restartHistory'
  >
>;

/** Where engine state survives restarts; JSON file and Postgres adapters implement it. */
export interface EngineRegistryPort {
  /** Opens the store; throws a DomainError REGISTRY_CORRUPT with a clear message on a bad store. */
  open(): Promise<void>;
  list(): Promise<EngineRecord[]>;
  get(symbol: string): Promise<EngineRecord | undefined>;
  /** Creates the record if missing (desiredState stopped, observedState stopped) and applies patch atomically. */
  upsert(symbol: string, patch: EngineRecordPatch): Promise<EngineRecord>;
  remove(symbol: string): Promise<void>;
  /** Resolves when the store is reachable; rejects otherwise. */
  ping(): Promise<void>;
  /** Flushes pending writes and releases resources. */
  close(): Promise<void>;
}
