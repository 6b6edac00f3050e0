import { waitFor as waitForTruthy } from '../../support/wait-for';

/** Polls a condition until it holds or timeoutMs passes; a bounded wait for async socket traffic. */
export async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  await waitForTruthy(condition, timeoutMs, what);
}
