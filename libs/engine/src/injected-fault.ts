import type { FaultKind } from './engine-types';

const NEVER = (): Promise<void> => new Promise<void>(() => undefined);

/** The handled error an 'error' fault records. */
export const injectedError = (): Error => new Error('injected fault: error');

/**
 * What a chaos fault does inside the handled event it fires in, like a real handler bug would:
 * 'crash' throws, 'hang' returns a promise that never settles, 'error' records one handled error.
 */
export function injectedFaultEffect(
  fault: FaultKind,
  recordError: (error: Error) => void,
): Promise<void> | undefined {
  switch (fault) {
    case 'crash':
      throw new Error('injected fault: crash');
    case 'hang':
      return NEVER();
    case 'error':
      recordError(injectedError());
      return undefined;
  }
}

/**
 * Faults injected into a running engine, waiting for its next handled event: every 'error' is
 * recorded (none merged); of 'crash' and 'hang' at most one waits, the latest wins.
 */
export class PendingFaults {
  private fault: Exclude<FaultKind, 'error'> | null = null;
  private errors = 0;

  add(kind: FaultKind): void {
    if (kind === 'error') this.errors++;
    else this.fault = kind;
  }

  clear(): void {
    this.fault = null;
    this.errors = 0;
  }

  /** Fires what waits, inside the handled event: throws (crash) or returns a never-settling promise (hang). */
  fire(recordError: (error: Error) => void): Promise<void> | undefined {
    for (; this.errors > 0; this.errors--) recordError(injectedError());
    const fault = this.fault;
    this.fault = null;
    return fault ? injectedFaultEffect(fault, recordError) : undefined;
  }
}
