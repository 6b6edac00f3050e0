import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { cpus as cpuList } from 'node:os';

/** The ids of a process's threads (Linux /proc); the main thread's id is the pid. */
export function threadIds(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map(Number);
}

/**
 * `--pin`: the orchestrator's main thread (its event loop) gets CPU 0 to itself; its other
 * threads (V8's GC helpers, libuv's pool, ingestion workers), the simulator and the load
 * generator share the rest, as in a deployment where the venue is another machine and the
 * service's helpers have a core of their own. Without it every thread of the three processes
 * contends for the same cores and the figures include that contention. Threads are pinned one
 * by one, so call it again once the service has started all its threads (the fleet bench does,
 * when the measurement window opens).
 */
export function pinProcesses(orchestratorPid: number, otherPids: number[]): string {
  // every CPU of the machine, not this process's share: a second call runs already pinned
  const cpus = cpuList().length;
  if (cpus < 2) throw new Error(`--pin needs at least 2 CPUs, this machine has ${cpus}`);
  const rest = cpus === 2 ? '1' : `1-${cpus - 1}`;
  const pin = (cpuList: string, tid: number): void => {
    try {
      execFileSync('taskset', ['-pc', cpuList, String(tid)], { stdio: 'ignore' });
    } catch {
      // a thread that ended between the listing and the call
    }
  };
  for (const tid of threadIds(orchestratorPid)) pin(tid === orchestratorPid ? '0' : rest, tid);
  for (const pid of otherPids) for (const tid of threadIds(pid)) pin(rest, tid);
  return `orchestrator's main thread on CPU 0; its other threads, the simulator and the load generator on CPU ${rest}`;
}
