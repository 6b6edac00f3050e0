import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/**
 * `--pin`: the orchestrator gets CPU 0 to itself and the simulator and the load generator share
 * the rest, as in a deployment where the venue is another machine. Without it the three
 * processes contend for the same cores and the figures include that contention.
 */
export function pinProcesses(orchestratorPid: number, otherPids: number[]): string {
  const cpus = availableParallelism();
  if (cpus < 2) throw new Error(`--pin needs at least 2 CPUs, this machine has ${cpus}`);
  const rest = cpus === 2 ? '1' : `1-${cpus - 1}`;
  execFileSync('taskset', ['-a', '-pc', '0', String(orchestratorPid)], { stdio: 'ignore' });
  for (const pid of otherPids)
    execFileSync('taskset', ['-a', '-pc', rest, String(pid)], { stdio: 'ignore' });
  return `orchestrator on CPU 0, simulator and load generator on CPU ${rest}`;
}
