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
