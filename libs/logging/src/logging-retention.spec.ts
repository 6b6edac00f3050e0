import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@flotilla/core';
import { createLogging, DEFAULT_MAX_FILES_PER_STREAM, Logging, LoggingOptions } from './logging';

const DAY_MS = 86_400_000;

describe('createLogging: bounded disk use per stream', () => {
  let dir: string;
  let logs: string;
  let logging: Logging | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flotilla-retention-'));
    logs = join(dir, 'logs');
  });
  afterEach(async () => {
    await logging?.close();
    logging = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (clock: ManualClock, extra: Partial<LoggingOptions> = {}): Logging =>
    (logging = createLogging({
      dataDir: dir,
      level: 'info',
      maxFileSizeMb: 50,
      retentionDays: 14,
      console: false,
      clock,
      ...extra,
    }));
  const files = (prefix: string) =>
    readdirSync(logs)
      .filter((f) => f.startsWith(prefix))
      .sort();
  const seed = (names: string[]) => {
    mkdirSync(logs, { recursive: true });
    for (const name of names) writeFileSync(join(logs, name), '{"msg":"old"}\n');
  };

  it('caps files per stream with a tiny size cap and keeps every line JSON', async () => {
    const clock = new ManualClock(Date.UTC(2026, 4, 1, 8));
    const log = open(clock, { maxFileBytes: 2048, maxFilesPerStream: 4 });
    const btc = log.forSymbol('BTCUSDT');
    for (let i = 0; i < 500; i += 1) {
      btc.info('book "synced"\nwith newline', { i, levels: [1, 2, 3] });
      log.root.info('orchestrator line', { i });
    }
    await log.flush();

    for (const stem of ['engine-BTCUSDT-', 'orchestrator-']) {
      const names = files(stem);
      expect(names).toHaveLength(4);
      const lines = names.flatMap((n) =>
        readFileSync(join(logs, n), 'utf8')
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => JSON.parse(l) as { i: number }),
      );
      expect(lines.at(-1)?.i).toBe(499);
    }
  });

  it('prunes streams nobody writes at boot and again each new day', async () => {
    seed([
      'engine-OLDUSDT-20260401.jsonl', // older than 14 days on 2026-05-01
      'engine-OLDUSDT-20260420.jsonl',
      ...Array.from({ length: 5 }, (_, k) => `engine-BUSYUSDT-20260430.${k + 1}.jsonl`),
    ]);
    const clock = new ManualClock(Date.UTC(2026, 4, 1, 8));
    open(clock, { maxFilesPerStream: 3, idleCloseMs: 60_000 });

    expect(files('engine-')).toEqual([
      'engine-BUSYUSDT-20260430.3.jsonl',
      'engine-BUSYUSDT-20260430.4.jsonl',
      'engine-BUSYUSDT-20260430.5.jsonl',
      'engine-OLDUSDT-20260420.jsonl',
    ]);
    // Today and the 14 days before it are kept: 20260420 until 2026-05-04, gone on 2026-05-05.
    clock.advance(3 * DAY_MS);
    expect(files('engine-OLD')).toEqual(['engine-OLDUSDT-20260420.jsonl']);
    clock.advance(DAY_MS);
    expect(files('engine-OLD')).toEqual([]);
    expect(files('engine-BUSY')).toHaveLength(3);
  });

  it('sweepRetention(now) (the fleet midnight job) prunes once per UTC day, without waiting for the idle sweep', () => {
    seed(['engine-OLDUSDT-20260420.jsonl']);
    const clock = new ManualClock(Date.UTC(2026, 4, 4, 23, 59));
    const l = open(clock, { idleCloseMs: 3_600_000 });
    expect(l.sweepRetention()).toBe(false); // boot already pruned today
    expect(files('engine-OLD')).toEqual(['engine-OLDUSDT-20260420.jsonl']);
    clock.advance(60_000); // 2026-05-05T00:00Z: the idle sweep (hourly) has not run
    expect(l.sweepRetention(clock.now())).toBe(true);
    expect(files('engine-OLD')).toEqual([]);
    expect(l.sweepRetention(clock.now())).toBe(false);
  });

  it('resumes a stream left by an earlier run without going over the cap', async () => {
    seed(['engine-ETHUSDT-20260501.7.jsonl', 'engine-ETHUSDT-20260501.8.jsonl']);
    const clock = new ManualClock(Date.UTC(2026, 4, 1, 8));
    const log = open(clock, { maxFilesPerStream: 2 });
    log.forSymbol('ETHUSDT').info('after restart');
    await log.flush();
    expect(files('engine-ETH')).toEqual([
      'engine-ETHUSDT-20260501.7.jsonl',
      'engine-ETHUSDT-20260501.8.jsonl',
    ]);
    expect(readFileSync(join(logs, 'engine-ETHUSDT-20260501.8.jsonl'), 'utf8')).toContain(
      'after restart',
    );
    expect(DEFAULT_MAX_FILES_PER_STREAM).toBe(30);
  });
});
