/**
 * Polls until probe returns something truthy (and returns it) or timeoutMs passes; the error
 * names what was awaited and the last value seen. A bounded wait, never a fixed sleep.
 */
export async function waitFor<T>(
  probe: () => Promise<T> | T,
  timeoutMs: number,
  what = 'condition',
): Promise<NonNullable<T>> {
  const deadline = performance.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (performance.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
