import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@flotilla/core';
import { FlakyRegistryStore } from '../testing/flaky-store';
import { parseSpool } from './outage-spool';
import { ResilientRegistry } from './resilient-registry';

describe('ResilientRegistry spool under an ownership lease', () => {
  let dir: string;
  let spoolPath: string;
  let store: FlakyRegistryStore;
  let clock: ManualClock;

  /** A process whose lease epoch is `epoch` (null: not the owner yet). */
  function processAt(epoch: { value: number | null }): ResilientRegistry {
    return new ResilientRegistry(store, {
      clock,
      spoolPath,
      initialBackoffMs: 100,
      leaseEpoch: () => epoch.value,
    });
  }

  /** A process at epoch 3 accepts a write during an outage, then dies (kill -9: no close). */
  async function spoolAtEpoch3(): Promise<void> {
    const dead = processAt({ value: 3 });
    await dead.open();
    store.down = true;
    await dead.upsert('BTCUSDT', { desiredState: 'stopped' });
    expect(parseSpool(spoolPath, await readFile(spoolPath, 'utf8')).leaseEpoch).toBe(3);
    store.down = false;
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'flotilla-lease-spool-'));
    spoolPath = join(dir, 'registry-spool.json');
    store = new FlakyRegistryStore('postgres db:5432/flotilla');
    clock = new ManualClock();
    await store.upsert('BTCUSDT', { desiredState: 'running' });
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('waits for the lease before replaying, then lands a spool from the epoch just before ours', async () => {
    await spoolAtEpoch3();
    const epoch = { value: null as number | null };
    const next = processAt(epoch);
    await next.open();
    expect(store.records.get('BTCUSDT')?.desiredState).toBe('running');
    epoch.value = 4;
    await next.replaySpool();
    expect(store.records.get('BTCUSDT')?.desiredState).toBe('stopped');
    expect((await next.get('BTCUSDT'))?.desiredState).toBe('stopped');
    await expect(readFile(spoolPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses and removes a spool from a stale epoch (another holder came in between)', async () => {
    await spoolAtEpoch3();
    const epoch = { value: null as number | null };
    const next = processAt(epoch);
    await next.open();
    epoch.value = 5;
    await next.replaySpool();
    expect(store.records.get('BTCUSDT')?.desiredState).toBe('running');
    await expect(readFile(spoolPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
