import { execFileSync } from 'node:child_process';
import { setPriority } from 'node:os';
import { threadIds } from './cpu-pinning';

/** A fixture's place in the kernel's queue: a nice value 0-19, or `idle` (SCHED_IDLE). */
export type FixturePriority = number | 'idle';

/**
 * What the fleet bench gives the simulator and the load generator unless told otherwise
 * (`--sim-nice`, `--client-nice`): SCHED_IDLE.
 *
 * Why: in a deployment the venue is another machine and operators' requests come over the
 * network, so the service has its host's CPUs to itself. On one host the simulator (about half a
 * core at 1,000 symbols) and the load generator (~15 %) contend with the service under test at
 * equal weight, and the service's tails measured that contention: its main thread waited for a
 * CPU 15-22 % of the time, up to 150-200 ms of a 250 ms interval. Lowered, they still get every
 * cycle the service leaves (the figures show they keep their rates), but the kernel runs the
 * service first when both are ready.
 *
 * Why SCHED_IDLE rather than nice 19 (the default until the seventh pass of issue 13): Linux 6.6+
 * (EEVDF) lets a running nice-19 thread finish its slice before a waking nice-0 one runs, while a
 * SCHED_IDLE thread is preempted at once by any ordinary thread that wakes. A `perf sched` record
 * of 10 s of a main-mode run at nice 19 found the service's main thread runnable but off a CPU
 * 5.4 % of the time, in waits of up to 5.8 ms, with the simulator or the load thread on the CPU
 * for most of it.
 *
 * The cost is on the measuring side: the load generator then waits for a CPU itself, and that
 * wait is inside the status latencies it records, so they are an upper bound. With the load
 * generator at nice 0 its wait fell, but the service's doubled (5.7 to 11.3 %) and its status
 * p99 rose (29 to 47 ms): a client on the same two cores costs more than it hides. Each run's
 * JSON shows every process's wait (`mainThreadLoad`).
 */
export const DEFAULT_FIXTURE_PRIORITY: FixturePriority = 'idle';

/** Parses `--sim-nice`/`--client-nice`: `idle` or an integer 0-19; throws naming the option. */
export function parsePriority(option: string, text: string): FixturePriority {
  if (text === 'idle') return 'idle';
  if (!/^\d+$/.test(text)) {
    throw new Error(`${option} must be idle or an integer from 0 to 19, not ${text}`);
  }
  return checkNice(option, Number(text));
}

/** Throws, naming the option, unless `nice` is an integer from 0 to 19. */
export function checkNice(option: string, nice: number): number {
  if (!Number.isInteger(nice) || nice < 0 || nice > 19) {
    throw new Error(`${option} must be an integer from 0 to 19, not ${nice}`);
  }
  return nice;
}

/**
 * Gives every thread of the process `priority`: SCHED_IDLE (set with util-linux's `chrt`, which
 * Node has no call for; lowering a thread's policy needs no privilege) or the nice value (0-19).
 * Call it again once the process has started all its threads.
 */
export function lowerPriority(pid: number, priority: FixturePriority): string {
  if (priority !== 'idle') return niceAll(pid, priority);
  for (const tid of threadIds(pid)) {
    try {
      execFileSync('chrt', ['--idle', '--pid', '0', String(tid)], { stdio: 'ignore' });
    } catch (err) {
      // a thread that ended between the listing and the call; a missing chrt is said
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new Error('idle priority needs chrt (util-linux); use --sim-nice/--client-nice 19');
      }
    }
  }
  return 'SCHED_IDLE';
}

/**
 * Gives every thread of the process the nice value `nice` (0-19). On Linux a nice value is a
 * thread's, not a process's: each thread is set, and threads started later inherit it from the
 * thread that starts them. Call it again once the process has started all its threads.
 */
function niceAll(pid: number, nice: number): string {
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
