import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError, ManualClock } from '@flotilla/core';
import { FlakyRegistryStore } from '../testing/flaky-store';
import { parseSpool, serializeSpool } from './outage-spool';
import { ResilientRegistry } from './resilient-registry';

async function exists(path: string): Promise<boolean> {
  return readFile(path).then(
    () => true,
    () => false,
  );
}

async function openError(registry: ResilientRegistry): Promise<DomainError> {
  const error: unknown = await registry.open().then(
    () => null,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('ResilientRegistry outage spool', () => {
  let dir: string;
  let spoolPath: string;
  let store: FlakyRegistryStore;
  let clock: ManualClock;

  function registryOver(s: FlakyRegistryStore, c = clock, path = spoolPath): ResilientRegistry {
    return new ResilientRegistry(s, { clock: c, spoolPath: path, initialBackoffMs: 100 });
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'flotilla-spool-'));
    spoolPath = join(dir, 'registry-spool.json');
    store = new FlakyRegistryStore('postgres db:5432/flotilla');
    clock = new ManualClock();
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has the queued writes on disk before acknowledging them, and removes the file once they land', async () => {
    const registry = registryOver(store);
    await registry.open();
    await registry.upsert('ETHUSDT', { desiredState: 'running' });
    store.down = true;
    await registry.upsert('BTCUSDT', { desiredState: 'running' });
    await registry.upsert('BTCUSDT', { observedState: 'running' });
    await registry.remove('ETHUSDT');
    expect(parseSpool(spoolPath, await readFile(spoolPath, 'utf8'))).toEqual({
      store: 'postgres db:5432/flotilla',
      leaseEpoch: null,
      writes: new Map([
        [
          'BTCUSDT',
          { remove: false, patch: { desiredState: 'running', observedState: 'running' } },
        ],
        ['ETHUSDT', { remove: true, patch: null }],
      ]),
    });
    store.down = false;
    clock.advance(100);
    await registry.whenIdle();
    expect(registry.health()).toEqual({ ok: true, pendingWrites: 0 });
    expect(await readdir(dir)).toEqual([]);
    expect(store.records.has('ETHUSDT')).toBe(false);
    await registry.close();
  });

  it('replays a spool a killed process left into the store before anything is read', async () => {
    const crashed = registryOver(store);
    await crashed.open();
    await crashed.upsert('BTCUSDT', { desiredState: 'running' });
    store.down = true;
    await crashed.upsert('BTCUSDT', { observedState: 'running', restartHistory: [] });
    await crashed.upsert('SOLUSDT', { desiredState: 'running' });
    // kill -9: the process is gone without close(); its retry timer never fires.
    store.down = false;
    const rebooted = registryOver(store, new ManualClock());
    await rebooted.open();
    expect(store.records.get('BTCUSDT')).toMatchObject({
      desiredState: 'running',
      observedState: 'running',
    });
    expect((await rebooted.list()).map((r) => [r.symbol, r.desiredState, r.observedState])).toEqual(
      [
        ['BTCUSDT', 'running', 'running'],
        ['SOLUSDT', 'running', 'stopped'],
      ],
    );
    expect(await exists(spoolPath)).toBe(false);
    await rebooted.close();
  });

  it.each([
    ['{"version": 1, "writes": {', /not valid JSON/],
    ['{"version": 2, "writes": {}}', /version is 2/],
    ['{"version": 1, "writes": {"BTCUSDT": {"remove": false, "patch": null}}}', /owes neither/],
    [
      '{"version": 1, "writes": {"BTCUSDT": {"remove": false, "patch": {"desiredState": "flying"}}}}',
      /writes\.BTCUSDT patch desiredState "flying"/,
    ],
  ])(
    'stops boot on the corrupt spool %s, naming the file and leaving it alone',
    async (text, why) => {
      await writeFile(spoolPath, text);
      const error = await openError(registryOver(store));
      expect(error.code).toBe('REGISTRY_CORRUPT');
      expect(error.message).toContain(spoolPath);
      expect(error.message).toMatch(why);
      expect(error.message).toContain('it was not modified');
      expect(await readFile(spoolPath, 'utf8')).toBe(text);
      expect(store.opens).toBe(0);
    },
  );

  it('keeps the spool and stops boot when the store fails during the replay', async () => {
    const text = serializeSpool(
      'postgres db:5432/flotilla',
      new Map([['BTCUSDT', { remove: false, patch: { desiredState: 'running' as const } }]]),
    );
    await writeFile(spoolPath, text);
    store.refuse.set('BTCUSDT', new DomainError('REGISTRY_UNAVAILABLE', 'Query read timeout'));
    const error = await openError(registryOver(store));
    expect(error.code).toBe('REGISTRY_UNAVAILABLE');
    expect(error.message).toContain(spoolPath);
    expect(error.message).toContain('replayed on the next start');
    expect(await readFile(spoolPath, 'utf8')).toBe(text);
    expect(clock.pendingTimers).toBe(0);
  });

  it('refuses a write it cannot make durable, and comes back up once the store answers', async () => {
    const unwritable = join(dir, 'data', 'registry-spool.json');
    const registry = registryOver(store, clock, unwritable);
    await registry.open();
    const before = await registry.upsert('BTCUSDT', { desiredState: 'running' });
    await writeFile(join(dir, 'data'), 'a file where the data dir should be');
    store.down = true;
    await expect(registry.upsert('BTCUSDT', { desiredState: 'stopped' })).rejects.toThrow(
      /could not be kept until it is back .*it was not applied/,
    );
    expect(await registry.get('BTCUSDT')).toEqual(before);
    expect(registry.health()).toMatchObject({ ok: false, pendingWrites: 0 });
    store.down = false;
    clock.advance(100);
    await registry.whenIdle();
    expect(registry.health()).toEqual({ ok: true, pendingWrites: 0 });
    expect(store.records.get('BTCUSDT')?.desiredState).toBe('running');
    expect(clock.pendingTimers).toBe(0);
    await registry.close();
  });

  it('keeps what the store never took in the spool on close, for the next start', async () => {
    const registry = registryOver(store);
    await registry.open();
    store.down = true;
    await registry.upsert('BTCUSDT', { desiredState: 'running' });
    await registry.close();
    expect(clock.pendingTimers).toBe(0);
    expect(parseSpool(spoolPath, await readFile(spoolPath, 'utf8')).writes.get('BTCUSDT')).toEqual({
      remove: false,
      patch: { desiredState: 'running' },
    });
  });
});
