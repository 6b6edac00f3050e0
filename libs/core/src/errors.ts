/** Every domain error carries a code; the HTTP layer maps codes to statuses in one switch. */
export type DomainErrorCode =
  | 'INVALID_SYMBOL'
  | 'UNKNOWN_SYMBOL'
  | 'ENGINE_NOT_FOUND'
  | 'ENGINE_CONFLICT'
  | 'INVALID_TRANSITION'
  | 'INVALID_CONFIG'
  | 'REGISTRY_CORRUPT'
  | 'REGISTRY_UNAVAILABLE'
  | 'REGISTRY_WRITE_FAILED'
  | 'VENUE_UNAVAILABLE'
  | 'DATA_DIR_LOCKED'
  | 'LEASE_LOST'
  | 'NOT_OWNER';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The message of anything thrown: an Error's message, anything else as a string. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
