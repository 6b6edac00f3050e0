import { setPriority } from 'node:os';
import { threadIds } from './cpu-pinning';

/** The nice value the fleet bench gives its fixtures unless told otherwise (`--fixtures-nice`). */
export const DEFAULT_FIXTURES_NICE = 19;

/** Throws, naming the option, unless `nice` is an integer from 0 to 19. */
export function checkNice(nice: number): number {
  if (!Number.isInteger(nice) || nice < 0 || nice > 19) {
    throw new Error(`--fixtures-nice must be an integer from 0 to 19, not ${nice}`);
  }
  return nice;
}

/**
 * Gives every thread of each process the nice value `nice` (0-19). On Linux a nice value is a
 * thread's, not a process's: each thread is set, and threads started later inherit it from the
 * thread that starts them. Call it again once the processes have started all their threads.
 *
 * Why the fleet bench does this: in a deployment the venue is another machine and operators'
 * requests come over the network, so the service has its host's CPUs to itself. On one host the
 * simulator (about half a core at 1,000 symbols) and the load generator contend with the service
 * under test at equal weight, and the service's tails measure that contention. At nice 19 they
 * still get every CPU cycle the service leaves (the figures show they keep their rates), but the
 * kernel runs the service first when both are ready.
 */
export function lowerPriority(pids: readonly number[], nice: number): string {
  checkNice(nice);
  for (const pid of pids) {
    for (const tid of threadIds(pid)) {
      try {
        setPriority(tid, nice);
      } catch {
        // a thread that ended between the listing and the call
      }
    }
  }
  return nice === 0
    ? 'simulator and load generator at the service priority (nice 0)'
    : `simulator and load generator at nice ${nice}: the service runs first when both are ready`;
}
