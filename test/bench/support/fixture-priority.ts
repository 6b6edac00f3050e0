import { setPriority } from 'node:os';
import { threadIds } from './cpu-pinning';

/**
 * The nice value the fleet bench gives the simulator and the load generator unless told otherwise
 * (`--sim-nice`, `--client-nice`).
 *
 * Why: in a deployment the venue is another machine and operators' requests come over the
 * network, so the service has its host's CPUs to itself. On one host the simulator (about half a
 * core at 1,000 symbols) and the load generator (~15 %) contend with the service under test at
 * equal weight, and the service's tails measured that contention: its main thread waited for a
 * CPU 15-22 % of the time, up to 150-200 ms of a 250 ms interval. At nice 19 they still get every
 * cycle the service leaves (the figures show they keep their rates), but the kernel runs the
 * service first when both are ready.
 *
 * The cost is on the measuring side: the load generator then waits for a CPU itself (16-20 % of
 * the time), and that wait is inside the status latencies it records, so they are an upper bound.
 * With the load generator at nice 0 its wait fell to 10 %, but the service's doubled (5.7 to
 * 11.3 %) and its status p99 rose (29 to 47 ms): a client on the same two cores costs more than
 * it hides. Each run's JSON shows every process's wait (`mainThreadLoad`).
 */
export const DEFAULT_FIXTURE_NICE = 19;

/** Throws, naming the option, unless `nice` is an integer from 0 to 19. */
export function checkNice(option: string, nice: number): number {
  if (!Number.isInteger(nice) || nice < 0 || nice > 19) {
    throw new Error(`${option} must be an integer from 0 to 19, not ${nice}`);
  }
  return nice;
}

/**
 * Gives every thread of the process the nice value `nice` (0-19). On Linux a nice value is a
 * thread's, not a process's: each thread is set, and threads started later inherit it from the
 * thread that starts them. Call it again once the process has started all its threads.
 */
export function lowerPriority(pid: number, nice: number): string {
  checkNice('nice', nice);
  for (const tid of threadIds(pid)) {
    try {
      setPriority(tid, nice);
    } catch {
      // a thread that ended between the listing and the call
    }
  }
  return `nice ${nice}`;
}
