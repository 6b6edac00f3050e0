import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dec, ManualClock } from '@flotilla/core';
import { utcDay } from './log-files';
import { createLogging, Logging, LoggingOptions } from './logging';
import { TraceContext } from './trace-context';

const today = () => new Date().toISOString().slice(0, 10).replace(/-/g, '');

describe('createLogging', () => {
  let dir: string;
  let logging: Logging | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flotilla-logs-'));
  });
  afterEach(async () => {
    await logging?.close();
    logging = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (extra: Partial<LoggingOptions> = {}): Logging =>
    (logging = createLogging({
      dataDir: dir,
      level: 'info',
      maxFileSizeMb: 50,
      retentionDays: 14,
      console: false,
      ...extra,
    }));
  const rawFile = (stem: string, day = today()) =>
    readFileSync(join(dir, 'logs', `${stem}-${day}.jsonl`), 'utf8');
  const lines = (stem: string, day?: string) =>
    rawFile(stem, day)
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it('writes one parseable JSON object per line whatever the message holds', async () => {
    const log = open();
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    const nasty = 'say "hi"\nnext line\r\t\\ \u2028 ünïcødé 🚀 \u0000';
    log.root.info(nasty, { circular, quote: '"}{"', nested: { text: nasty } });
    log.root.warn('decimal and bigint', {
      price: dec('0.00000001'),
      big: 12345678901234567890n,
      when: new Date(0),
      nan: Number.NaN,
      map: new Map([['a', 1]]),
    });
    log.root.error('boom', { err: new Error('bad "thing"\nhappened') });
    await log.flush();

    const raw = rawFile('orchestrator');
    expect(raw.trimEnd().split('\n')).toHaveLength(3);
    const [first, second, third] = lines('orchestrator');
    expect(first).toMatchObject({ level: 'info', msg: nasty, quote: '"}{"' });
    expect(first.circular).toEqual({ name: 'loop', self: '[Circular]' });
    expect(typeof first.ts).toBe('string');
    expect(second).toMatchObject({
      price: '0.00000001',
      big: '12345678901234567890',
      when: '1970-01-01T00:00:00.000Z',
      nan: 'NaN',
      map: { a: 1 },
    });
    expect(third.err).toMatchObject({ name: 'Error', message: 'bad "thing"\nhappened' });
    expect((third.err as { stack: string }).stack).toContain('logging.spec.ts');
  });

  it('never writes a registered secret, a secret-named field or URL credentials', async () => {
    const log = open({ secrets: ['s3cr3t-token-value'] });
    log.addSecret('exchange-key-ABCDEF');
    log.root.info('token is s3cr3t-token-value, key exchange-key-ABCDEF', {
      apiToken: 'whatever-1',
      nested: { password: 'hunter22', list: ['x exchange-key-ABCDEF y'] },
      headers: { Authorization: 'Bearer abc.def.ghi' },
      api_key: 'k-123456',
      databaseUrl: 'postgres://app:pw-12345@db/flotilla',
      target: 'connecting to postgres://app:pw-12345@db:5432/flotilla',
      err: new Error('login failed for s3cr3t-token-value'),
    });
    log.forSymbol('BTCUSDT').warn('header was Bearer zzz-yyy-xxx', {});
    await log.flush();

    const raw = rawFile('orchestrator') + rawFile('engine-BTCUSDT');
    for (const secret of [
      's3cr3t-token-value',
      'exchange-key-ABCDEF',
      'whatever-1',
      'hunter22',
      'abc.def.ghi',
      'k-123456',
      'pw-12345',
      'zzz-yyy-xxx',
    ]) {
      expect(raw).not.toContain(secret);
    }
    const [line] = lines('orchestrator');
    expect(line.target).toBe('connecting to postgres://app:[REDACTED]@db:5432/flotilla');
    expect(line.apiToken).toBe('[REDACTED]');
  });

  it('adds the request id across awaits and keeps concurrent traces apart', async () => {
    const log = open();
    const work = async (id: string) =>
      TraceContext.run(id, async () => {
        await new Promise((r) => setImmediate(r));
        await Promise.resolve();
        log.root.info('after awaits', { id });
      });
    await Promise.all([work('trace-a'), work('trace-b')]);
    log.root.info('outside');
    await log.flush();

    const found = lines('orchestrator');
    expect(found.find((l) => l.id === 'trace-a')?.requestId).toBe('trace-a');
    expect(found.find((l) => l.id === 'trace-b')?.requestId).toBe('trace-b');
    expect(found.find((l) => l.msg === 'outside')).not.toHaveProperty('requestId');
    expect(TraceContext.newId()).not.toBe(TraceContext.newId());
  });

  it('writes per-symbol files named engine-<SYMBOL>-<YYYYMMDD>.jsonl with the symbol', async () => {
    const log = open();
    log.forSymbol('btc-usdt').info('book synced', { levels: 10 });
    log.forSymbol('ETHUSDT').info('book synced');
    expect(log.forSymbol('BTCUSDT')).toBe(log.forSymbol('btcusdt'));
    await log.flush();

    // Nothing else: no audit or state files beside the logs.
    expect(readdirSync(join(dir, 'logs')).sort()).toEqual([
      `engine-BTCUSDT-${today()}.jsonl`,
      `engine-ETHUSDT-${today()}.jsonl`,
    ]);
    expect(lines('engine-BTCUSDT')).toEqual([
      expect.objectContaining({ symbol: 'BTCUSDT', msg: 'book synced', levels: 10 }),
    ]);
    expect(() => log.forSymbol('../x')).toThrow(/invalid symbol/);
  });

  it('flush makes lines visible on disk and logging continues afterwards', async () => {
    const log = open();
    for (let i = 0; i < 500; i += 1) log.root.info('line', { i });
    await log.flush();
    expect(lines('orchestrator')).toHaveLength(500);
    log.root.info('after flush');
    await log.flush();
    expect(lines('orchestrator').at(-1)?.msg).toBe('after flush');
  });

  it('filters by level: debug off at info, on at debug', async () => {
    const log = open();
    log.root.debug('per tick');
    log.root.info('kept');
    log.root.error('kept too');
    await log.flush();
    expect(lines('orchestrator').map((l) => l.msg)).toEqual(['kept', 'kept too']);
    await log.close();

    const verbose = open({ level: 'debug' });
    verbose.root.debug('per tick now');
    await verbose.flush();
    expect(lines('orchestrator').at(-1)).toMatchObject({ level: 'debug', msg: 'per tick now' });
    expect(() => open({ level: 'loud' })).toThrow(/must be one of error, warn, info, debug/);
  });

  it('bounds open per-symbol files and closes idle ones, reopening on demand', async () => {
    const clock = new ManualClock();
    const log = open({ clock, maxOpenSymbolFiles: 3, idleCloseMs: 60_000 });
    for (let i = 0; i < 10; i += 1) log.forSymbol(`SYM${i}USDT`).info('hello');
    expect(log.openSymbolFiles()).toBeLessThanOrEqual(3);
    clock.advance(60_000);
    expect(log.openSymbolFiles()).toBe(0);
    log.forSymbol('SYM0USDT').info('again');
    await log.flush();
    // Files are dated by the injected clock, like each line's ts.
    const day = utcDay(clock.now());
    expect(lines('engine-SYM0USDT', day).map((l) => l.msg)).toEqual(['hello', 'again']);
    expect(lines('engine-SYM9USDT', day)).toHaveLength(1);
  });

  it('routes Nest LoggerService calls into the orchestrator file', async () => {
    const log = open({ level: 'debug' });
    log.nest.log('Mapped {/engines, GET} route', 'RouterExplorer');
    log.nest.error('request failed', 'Error: x\n    at foo (file.ts:1:1)', 'ExceptionsHandler');
    log.nest.error(new Error('thrown'));
    log.nest.verbose?.('chatty', 'Ctx');
    log.nest.fatal?.('dying', 'Main');
    await log.flush();
    const found = lines('orchestrator');
    expect(found[0]).toMatchObject({ level: 'info', context: 'RouterExplorer' });
    expect(found[1]).toMatchObject({ level: 'error', context: 'ExceptionsHandler' });
    expect(found[1].stack).toContain('at foo');
    expect(found[2]).toMatchObject({ msg: 'thrown', err: { name: 'Error' } });
    expect(found[3]).toMatchObject({ level: 'debug', context: 'Ctx' });
    expect(found[4]).toMatchObject({ level: 'error', fatal: true, msg: 'dying' });
  });
});
