import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@flotilla/core';
import { DATA_DIR_LOCK_FILE, DataDirLock, type DataDirLockOptions } from './data-dir-lock';

describe('DataDirLock', () => {
  let dir: string;
  let clock: ManualClock;
  const held: DataDirLock[] = [];

  const options = (over: Partial<DataDirLockOptions> = {}): DataDirLockOptions => ({
    dataDir: dir,
    clock,
    refreshMs: 1_000,
    staleAfterMs: 10_000,
    host: 'node-a',
    pid: 100,
    isAlive: () => true,
    ...over,
  });
  const acquire = async (over: Partial<DataDirLockOptions> = {}) => {
    const lock = await DataDirLock.acquire(options(over));
    held.push(lock);
    return lock;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'flotilla-lock-'));
    clock = new ManualClock(Date.now());
  });

  afterEach(async () => {
    for (const lock of held.splice(0)) lock.release();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes pid, host and start time, and removes the file on release', async () => {
    const lock = await acquire();
    const file = join(dir, DATA_DIR_LOCK_FILE);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ pid: 100, host: 'node-a' });
    lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a second holder with one line naming pid@host', async () => {
    await acquire();
    const second = acquire({ pid: 200 });
    await expect(second).rejects.toMatchObject({ code: 'DATA_DIR_LOCKED' });
    await expect(second).rejects.toThrow(/locked by pid 100@node-a/);
    await expect(second).rejects.not.toThrow(/\n/);
  });

  it('takes over the lock of a dead pid on the same host', async () => {
    await acquire({ isAlive: () => true });
    const next = await acquire({ pid: 200, isAlive: (pid) => pid !== 100 });
    expect(next.isHeld).toBe(true);
    expect(JSON.parse(await readFile(join(dir, DATA_DIR_LOCK_FILE), 'utf8'))).toMatchObject({
      pid: 200,
    });
  });

  it('cannot judge a pid on another host, so waits for the lock to go stale', async () => {
    await writeFile(
      join(dir, DATA_DIR_LOCK_FILE),
      JSON.stringify({ pid: 100, host: 'node-b', startedAt: 'x', token: 'abc' }),
    );
    await expect(acquire({ isAlive: () => false })).rejects.toThrow(/pid 100@node-b/);
    clock.advance(9_000);
    await expect(acquire({ isAlive: () => false })).rejects.toThrow(/pid 100@node-b/);
    clock.advance(2_000);
    expect((await acquire({ isAlive: () => false })).isHeld).toBe(true);
  });

  it('stays fresh while held, so nobody takes it over as stale', async () => {
    const lock = await acquire();
    for (let i = 0; i < 3; i++) {
      clock.advance(9_000);
      await lock.refresh();
    }
    await expect(acquire({ host: 'node-b' })).rejects.toThrow(/locked by pid 100@node-a/);
  });

  it('reports a lock that another process replaced as lost', async () => {
    const lost: string[] = [];
    const lock = await acquire({ onLost: (r) => lost.push(r) });
    await writeFile(
      join(dir, DATA_DIR_LOCK_FILE),
      JSON.stringify({ pid: 9, host: 'node-c', startedAt: 'x', token: 'other' }),
    );
    await lock.refresh();
    expect(lock.isHeld).toBe(false);
    expect(lost).toEqual(['taken by another process']);
  });
});
