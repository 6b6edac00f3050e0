import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError, ManualClock } from '@flotilla/core';
import { JsonFileRegistry, ResilientRegistry } from '@flotilla/registry';
import { describeRegistryContract } from './registry-contract';

let dirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'flotilla-registry-'));
  dirs.push(dir);
  return dir;
}

async function removeTempDirs(): Promise<void> {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  dirs = [];
}

describeRegistryContract(
  'JsonFileRegistry',
  async () => {
    const dir = await tempDir();
    return {
      registry: JsonFileRegistry.inDataDir(dir),
      reopen: () => JsonFileRegistry.inDataDir(dir),
    };
  },
  removeTempDirs,
);

describeRegistryContract(
  'ResilientRegistry over JsonFileRegistry',
  async () => {
    const dir = await tempDir();
    const wrap = () => new ResilientRegistry(JsonFileRegistry.inDataDir(dir));
    return { registry: wrap(), reopen: wrap };
  },
  removeTempDirs,
);

describe('JsonFileRegistry file handling', () => {
  afterEach(removeTempDirs);

  async function expectCorrupt(content: string, problem: RegExp): Promise<void> {
    const dir = await tempDir();
    const file = join(dir, 'engine-registry.json');
    await writeFile(file, content);
    const registry = JsonFileRegistry.inDataDir(dir);
    const error = await registry.open().then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('REGISTRY_CORRUPT');
    expect((error as DomainError).message).toContain(file);
    expect((error as DomainError).message).toMatch(problem);
    expect((error as DomainError).message).toContain(
      'Move it aside or fix it; it was not modified',
    );
    expect(await readFile(file, 'utf8')).toBe(content);
  }

  it('pings ready only while its directory is there to write to', async () => {
    const dir = join(await tempDir(), 'data');
    const registry = JsonFileRegistry.inDataDir(dir);
    await registry.open();
    await expect(registry.ping()).resolves.toBeUndefined();
    await rm(dir, { recursive: true, force: true });
    await expect(registry.ping()).rejects.toMatchObject({
      code: 'REGISTRY_UNAVAILABLE',
      message: expect.stringContaining(
        `engine registry directory ${dir} is not writable`,
      ) as string,
    });
    await registry.close();
  });

  it('starts empty when the file is missing and creates the data dir on open', async () => {
    const dir = join(await tempDir(), 'nested', 'data');
    const registry = JsonFileRegistry.inDataDir(dir);
    await registry.open();
    expect((await readdir(dir)).length).toBe(0);
    expect(await registry.list()).toEqual([]);
    await registry.upsert('BTCUSDT', { desiredState: 'running' });
    await registry.close();
    const doc = JSON.parse(await readFile(join(dir, 'engine-registry.json'), 'utf8')) as {
      version: number;
      engines: Record<string, { desiredState: string }>;
    };
    expect(doc.version).toBe(1);
    expect(doc.engines.BTCUSDT.desiredState).toBe('running');
  });

  it('refuses a file that is not JSON', async () => {
    await expectCorrupt('{"version": 1, "engines": {', /not valid JSON/);
  });

  it('refuses a foreign JSON document', async () => {
    await expectCorrupt('[1, 2, 3]', /not a JSON object/);
    await expectCorrupt('{"version": 2, "engines": {}}', /version is 2/);
    await expectCorrupt('{"version": 1}', /"engines" is missing/);
  });

  it('refuses a record of the wrong shape and names it', async () => {
    const record = {
      symbol: 'BTCUSDT',
      desiredState: 'running',
      observedState: 'flying',
      health: null,
      configOverrides: {},
      restartHistory: [],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      version: 1,
    };
    await expectCorrupt(
      JSON.stringify({ version: 1, engines: { BTCUSDT: record } }),
      /engines\.BTCUSDT: observedState "flying"/,
    );
  });

  it('reports a failed write as REGISTRY_UNAVAILABLE naming the file', async () => {
    const dataDir = join(await tempDir(), 'data');
    const registry = JsonFileRegistry.inDataDir(dataDir);
    await registry.open();
    await rm(dataDir, { recursive: true });
    await writeFile(dataDir, 'a file where the data dir should be');
    const error: unknown = await registry.upsert('BTCUSDT', {}).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('REGISTRY_UNAVAILABLE');
    // Names the file and the reason, not the host's paths (the message reaches HTTP callers).
    expect((error as DomainError).message).toMatch(
      /^engine registry file engine-registry\.json in DATA_DIR cannot be written \(E[A-Z]+: [^,]+\)$/,
    );
    expect((error as DomainError).message).not.toContain(dataDir);
    await registry.close();
  });

  it('takes a change whose write failed back out, so a later write cannot make it durable', async () => {
    const dir = await tempDir();
    const file = join(dir, 'engine-registry.json');
    const registry = JsonFileRegistry.inDataDir(dir);
    await registry.open();
    await registry.upsert('BTCUSDT', { desiredState: 'stopped' });
    // A directory where the file is renamed to: every write fails (EISDIR), as a full disk would.
    await rm(file);
    await mkdir(file);
    const error: unknown = await registry
      .upsert('BTCUSDT', { desiredState: 'running' })
      .catch((err: unknown) => err);
    expect((error as DomainError).code).toBe('REGISTRY_UNAVAILABLE');
    expect((error as DomainError).message).toMatch(/\(EISDIR: /);
    expect((await registry.get('BTCUSDT'))?.desiredState).toBe('stopped');
    await rm(file, { recursive: true });
    await registry.upsert('ETHUSDT', { desiredState: 'running' });
    await registry.close();
    const reopened = JsonFileRegistry.inDataDir(dir);
    await reopened.open();
    expect((await reopened.list()).map((r) => [r.symbol, r.desiredState])).toEqual([
      ['BTCUSDT', 'stopped'],
      ['ETHUSDT', 'running'],
    ]);
    await reopened.close();
  });

  it('writes timestamps from the injected clock', async () => {
    const clock = new ManualClock(Date.UTC(2026, 4, 1, 12));
    const registry = JsonFileRegistry.inDataDir(await tempDir(), { clock });
    await registry.open();
    const first = await registry.upsert('BTCUSDT', {});
    clock.advance(1500);
    const second = await registry.upsert('BTCUSDT', { desiredState: 'running' });
    await registry.close();
    expect(first.createdAt).toBe('2026-05-01T12:00:00.000Z');
    expect(second.createdAt).toBe('2026-05-01T12:00:00.000Z');
    expect(second.updatedAt).toBe('2026-05-01T12:00:01.500Z');
  });

  it('coalesces a burst of writes, leaves no temp files and a parseable file', async () => {
    const dir = await tempDir();
    const registry = JsonFileRegistry.inDataDir(dir);
    await registry.open();
    await Promise.all(Array.from({ length: 200 }, (_, i) => registry.upsert(`S${i % 10}USDT`, {})));
    await registry.close();
    expect((await readdir(dir)).sort()).toEqual(['engine-registry.json']);
    const reopened = JsonFileRegistry.inDataDir(dir);
    await reopened.open();
    const records = await reopened.list();
    await reopened.close();
    expect(records).toHaveLength(10);
    expect(records.every((r) => r.version === 20)).toBe(true);
  });

  it('removes temp files a crashed writer left behind and keeps the real file', async () => {
    const dir = await tempDir();
    const registry = JsonFileRegistry.inDataDir(dir);
    await registry.open();
    await registry.upsert('BTCUSDT', {});
    await registry.close();
    await writeFile(join(dir, '.engine-registry.json.999.deadbeef.tmp'), '{"torn');
    const reopened = JsonFileRegistry.inDataDir(dir);
    await reopened.open();
    expect(await reopened.get('BTCUSDT')).toBeDefined();
    await reopened.close();
    expect(await readdir(dir)).toEqual(['engine-registry.json']);
  });
});
