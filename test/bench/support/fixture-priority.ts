import { setPriority } from 'node:os';
import { threadIds } from './cpu-pinning';

/**
 * The nice value the fleet bench gives the simulator unless told otherwise (`--sim-nice`).
 *
 * Why: in a deployment the venue is another machine, so the service has its host's CPUs to
 * itself. On one host the simulator (about half a core at 1,000 symbols) contends with the
 * service under test at equal weight, and the service's tails measured that contention: its main
 * thread waited for a CPU 15-22 % of the time, up to 150-200 ms of a 250 ms interval. At nice 19
 * the simulator still gets every cycle the service leaves (the figures show it keeps its rate),
 * but the kernel runs the service first when both are ready.
 *
 * The load generator stays at nice 0 by default (`--client-nice`): it measures the status
 * latency, and at nice 19 it waited for a CPU itself (16-20 % of the time, up to 148 ms of a 250
 * ms interval), which a remote operator's client would not.
 */
export const DEFAULT_SIM_NICE = 19;

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
