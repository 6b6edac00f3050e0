/* eslint-disable jest/no-export -- the shared contract suite every adapter's spec runs */
import type { EngineRecord, EngineRecordPatch, EngineRegistryPort } from '@flotilla/engine';

export interface ContractSubject {
  registry: EngineRegistryPort;
  /** A fresh registry over the same store, not yet opened (close/reopen persistence). */
  reopen(): EngineRegistryPort;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The behaviour every EngineRegistryPort adapter must show; run against each adapter's factory. */
export function describeRegistryContract(
  name: string,
  factory: () => Promise<ContractSubject>,
  cleanup: () => Promise<void> = async () => undefined,
): void {
  describe(`${name}: EngineRegistryPort contract`, () => {
    let subject: ContractSubject;
    let registry: EngineRegistryPort;

    beforeEach(async () => {
      subject = await factory();
      registry = subject.registry;
      await registry.open();
    });

    afterEach(async () => {
      await registry.close();
      await cleanup();
    });

    it('creates a record with defaults on first upsert', async () => {
      const created = await registry.upsert('BTCUSDT', {});
      expect(created).toMatchObject({
        symbol: 'BTCUSDT',
        desiredState: 'stopped',
        observedState: 'stopped',
        health: null,
        configOverrides: {},
        restartHistory: [],
        version: 1,
      });
      expect(created.createdAt).toMatch(ISO_UTC);
      expect(created.updatedAt).toMatch(ISO_UTC);
      expect(await registry.get('BTCUSDT')).toEqual(created);
    });

    it('merges patches field by field and increments version on each write', async () => {
      await registry.upsert('ETHUSDT', { desiredState: 'running' });
      await registry.upsert('ETHUSDT', { observedState: 'running' });
      const health = { lastHeartbeat: null, eventsProcessed: 7, errorCount: 0, lastError: null };
      const last = await registry.upsert('ETHUSDT', {
        health,
        configOverrides: { qty: '0.01', nested: { a: [1, 'x'] } },
        restartHistory: ['2026-01-01T00:00:00.000Z'],
      });
      expect(last).toMatchObject({
        desiredState: 'running',
        observedState: 'running',
        health,
        configOverrides: { qty: '0.01', nested: { a: [1, 'x'] } },
        restartHistory: ['2026-01-01T00:00:00.000Z'],
        version: 3,
      });
      const replaced = await registry.upsert('ETHUSDT', { configOverrides: { other: true } });
      expect(replaced.configOverrides).toEqual({ other: true });
      expect(replaced.version).toBe(4);
      expect(replaced.createdAt).toBe(last.createdAt);
    });

    it('lists, gets and removes records', async () => {
      await registry.upsert('BTCUSDT', {});
      await registry.upsert('SOLUSDT', { desiredState: 'running' });
      const symbols = (await registry.list()).map((r) => r.symbol).sort();
      expect(symbols).toEqual(['BTCUSDT', 'SOLUSDT']);
      await registry.remove('BTCUSDT');
      await registry.remove('NOPEUSDT');
      expect(await registry.get('BTCUSDT')).toBeUndefined();
      expect((await registry.list()).map((r) => r.symbol)).toEqual(['SOLUSDT']);
    });

    it('returns copies the caller cannot use to change stored state', async () => {
      const record = await registry.upsert('BTCUSDT', { configOverrides: { a: 1 } });
      record.configOverrides.a = 2;
      record.restartHistory.push('2026-01-01T00:00:00.000Z');
      const stored = await registry.get('BTCUSDT');
      expect(stored?.configOverrides).toEqual({ a: 1 });
      expect(stored?.restartHistory).toEqual([]);
    });

    it('keeps every record across close and reopen', async () => {
      await registry.upsert('BTCUSDT', { desiredState: 'running', observedState: 'running' });
      const before = await registry.upsert('ETHUSDT', {
        restartHistory: ['2026-01-02T03:04:05.678Z'],
      });
      await registry.close();
      registry = subject.reopen();
      await registry.open();
      expect(await registry.get('ETHUSDT')).toEqual(before);
      expect(await registry.get('BTCUSDT')).toMatchObject({ desiredState: 'running', version: 1 });
    });

    it('applies parallel upserts of one symbol without losing any write', async () => {
      const writes = 50;
      const results = await Promise.all(
        Array.from({ length: writes }, (_, i) =>
          registry.upsert('BTCUSDT', {
            observedState: i % 2 === 0 ? 'running' : 'paused',
            restartHistory: [new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString()],
          }),
        ),
      );
      const versions = results.map((r) => r.version).sort((a, b) => a - b);
      expect(versions).toEqual(Array.from({ length: writes }, (_, i) => i + 1));
      const stored = (await registry.get('BTCUSDT')) as EngineRecord;
      expect(stored.version).toBe(writes);
      const lastWriter = results.find((r) => r.version === writes) as EngineRecord;
      expect(stored.observedState).toBe(lastWriter.observedState);
      expect(stored.restartHistory).toEqual(lastWriter.restartHistory);
    });

    it('keeps parallel upserts of different symbols apart', async () => {
      const symbols = Array.from({ length: 20 }, (_, i) => `SYM${i}USDT`);
      await Promise.all(symbols.map((s) => registry.upsert(s, { desiredState: 'running' })));
      const listed = await registry.list();
      expect(listed).toHaveLength(20);
      expect(listed.every((r) => r.desiredState === 'running' && r.version === 1)).toBe(true);
    });

    it('returns times in millisecond UTC ISO form, as a later read does', async () => {
      const written = await registry.upsert('BTCUSDT', {
        restartHistory: ['2026-01-02T03:04:05Z', '2026-01-02T04:04:05.5+01:00'],
      });
      expect(written.restartHistory).toEqual([
        '2026-01-02T03:04:05.000Z',
        '2026-01-02T03:04:05.500Z',
      ]);
      expect(await registry.get('BTCUSDT')).toEqual(written);
    });

    it.each<[string, unknown]>([
      ['an unknown observed state', { observedState: 'flying' }],
      ['an unknown desired state', { desiredState: 'paused' }],
      ['a restart time that is not a time', { restartHistory: ['soon'] }],
      ['an unknown field', { desired: 'running' }],
    ])('refuses a patch with %s and leaves the record as it was', async (_what, patch) => {
      const before = await registry.upsert('BTCUSDT', { desiredState: 'running' });
      await expect(registry.upsert('BTCUSDT', patch as EngineRecordPatch)).rejects.toThrow(
        /engine registry patch for BTCUSDT/,
      );
      expect(await registry.get('BTCUSDT')).toEqual(before);
      await registry.close();
      registry = subject.reopen();
      await registry.open();
      expect(await registry.get('BTCUSDT')).toEqual(before);
    });

    it('refuses reads and writes once closed', async () => {
      await registry.upsert('BTCUSDT', {});
      await registry.close();
      await expect(registry.get('BTCUSDT')).rejects.toThrow(/not open/);
      await expect(registry.upsert('BTCUSDT', {})).rejects.toThrow(/not open/);
      registry = subject.reopen();
      await registry.open();
    });
  });
}
