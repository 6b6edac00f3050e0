import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { threadIds } from './cpu-pinning';
import { checkNice, lowerPriority, parsePriority } from './fixture-priority';

/** Fields of /proc/<pid>/task/<tid>/stat after the command's parentheses (field 3 first). */
function statOf(pid: number, tid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}
/** A thread's nice value: field 19. */
const niceOf = (pid: number, tid: number): number => Number(statOf(pid, tid)[16]);
/** A thread's scheduling policy: field 41 (0 SCHED_OTHER, 5 SCHED_IDLE). */
const policyOf = (pid: number, tid: number): number => Number(statOf(pid, tid)[38]);

describe('fixture priority (the fleet bench lowers the simulator)', () => {
  let child: ChildProcess;

  beforeEach(async () => {
    // a node process has V8's and libuv's threads besides its main one
    child = spawn(process.execPath, ['-e', 'console.log("up"); setInterval(() => {}, 1000)'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await once(child.stdout!, 'data');
  });

  afterEach(async () => {
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  });

  it('gives every thread of the process the nice value', () => {
    const pid = child.pid!;
    const tids = threadIds(pid);
    expect(tids.length).toBeGreaterThan(1);
    expect(tids.map((t) => niceOf(pid, t))).toEqual(tids.map(() => 0));
    expect(lowerPriority(pid, 19)).toBe('nice 19');
    expect(threadIds(pid).map((t) => niceOf(pid, t))).toEqual(threadIds(pid).map(() => 19));
  });

  it('puts every thread of the process in SCHED_IDLE', () => {
    const pid = child.pid!;
    expect(threadIds(pid).map((t) => policyOf(pid, t))).toEqual(threadIds(pid).map(() => 0));
    expect(lowerPriority(pid, 'idle')).toBe('SCHED_IDLE');
    expect(threadIds(pid).map((t) => policyOf(pid, t))).toEqual(threadIds(pid).map(() => 5));
  });

  it('parses the options: idle or 0-19, anything else named', () => {
    expect(parsePriority('--sim-nice', 'idle')).toBe('idle');
    expect(parsePriority('--sim-nice', '19')).toBe(19);
    expect(parsePriority('--client-nice', '0')).toBe(0);
    for (const bad of ['-1', '20', '1.5', 'low', '']) {
      expect(() => parsePriority('--client-nice', bad)).toThrow(/^--client-nice must be/);
    }
  });

  it('rejects a value outside 0-19 by name and changes nothing', () => {
    const pid = child.pid!;
    for (const bad of [-1, 20, 1.5, Number.NaN]) {
      expect(() => lowerPriority(pid, bad)).toThrow(/nice must be an integer from 0 to 19/);
      expect(() => checkNice('--sim-nice', bad)).toThrow(
        `--sim-nice must be an integer from 0 to 19, not ${bad}`,
      );
    }
    expect(threadIds(pid).map((t) => niceOf(pid, t))).toEqual(threadIds(pid).map(() => 0));
  });
});
