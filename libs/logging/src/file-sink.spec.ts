import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSink, FileSinkOptions } from './file-sink';
import { scanLogDir } from './log-files';

const CAP = 1024;
const T0 = Date.UTC(2026, 2, 10, 12); // 2026-03-10 12:00 UTC
const DAY_MS = 86_400_000;

interface Line {
  ts: string;
  level: string;
  msg: string;
  i?: number;
}

describe('FileSink: size cap, daily files, retention', () => {
  let dir: string;
  let sinks: FileSink[];
  let reports: string[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flotilla-sink-'));
    sinks = [];
    reports = [];
  });
  afterEach(async () => {
    await Promise.all(sinks.map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  const sink = (extra: Partial<FileSinkOptions> = {}): FileSink => {
    const s = new FileSink({
      logDir: dir,
      stem: 'engine-BTCUSDT',
      maxFileBytes: CAP,
      maxFiles: 1000,
      retentionDays: 14,
      existing: scanLogDir(dir).get(extra.stem ?? 'engine-BTCUSDT'),
      report: (m) => reports.push(m),
      ...extra,
    });
    sinks.push(s);
    return s;
  };
  const line = (i: number, nowMs: number, msg = 'tick "quoted" ✓') =>
    JSON.stringify({ ts: new Date(nowMs).toISOString(), level: 'info', msg, i });
  const onDisk = () =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .sort(byIndex);
  const read = (name: string): Line[] =>
    readFileSync(join(dir, name), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Line);
  const indexOf = (name: string) => Number(/\.(\d+)\.jsonl$/.exec(name)?.[1] ?? 0);
  const byIndex = (a: string, b: string) =>
    a.slice(0, -12).localeCompare(b.slice(0, -12)) || indexOf(a) - indexOf(b);

  it('a file closed with lines still queued and reopened at once keeps every line in order', async () => {
    const s = sink({ maxFileBytes: 10_000_000 });
    for (let i = 0; i < 2000; i += 1) s.write('info', line(i, T0), T0);
    void s.close(); // an idle close while the stream still holds most of those lines
    for (let i = 2000; i < 2100; i += 1) s.write('info', line(i, T0), T0);
    await s.close();
    const [name] = onDisk();
    expect(read(name).map((l) => l.i)).toEqual(Array.from({ length: 2100 }, (_, i) => i));
  });

  it('splits at the cap: no file over it, each full before the next, every line JSON and in order', async () => {
    const s = sink();
    for (let i = 0; i < 200; i += 1) s.write('info', line(i, T0 + i), T0 + i);
    await s.close();

    const names = onDisk();
    expect(names.length).toBeGreaterThan(10);
    expect(names).toEqual(
      names.map((_, k) => `engine-BTCUSDT-20260310${k === 0 ? '' : `.${k}`}.jsonl`),
    );
    const sizes = names.map((n) => statSync(join(dir, n)).size);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(CAP);
    // Split exactly when the next line would not fit, not earlier.
    const firstLineBytes = names.map(
      (n) => Buffer.byteLength(readFileSync(join(dir, n), 'utf8').split('\n')[0]) + 1,
    );
    const fitsAnother = sizes.slice(0, -1).filter((size, k) => size + firstLineBytes[k + 1] <= CAP);
    expect(fitsAnother).toEqual([]);
    expect(names.flatMap(read).map((l) => l.i)).toEqual([...Array(200).keys()]);
  });

  it('never keeps more than maxFiles per stream, deleting the oldest first', async () => {
    const s = sink({ maxFiles: 3 });
    const other = sink({ stem: 'engine-ETHUSDT', maxFiles: 3 });
    other.write('info', line(0, T0), T0);
    let most = 0;
    for (let i = 0; i < 300; i += 1) {
      s.write('info', line(i, T0 + i), T0 + i);
      most = Math.max(most, s.fileNames().length, onDisk().filter((n) => n.includes('BTC')).length);
    }
    await Promise.all([s.close(), other.close()]);

    expect(most).toBe(3);
    const btc = onDisk().filter((n) => n.includes('BTC'));
    expect(btc).toEqual(s.fileNames());
    expect(btc).toHaveLength(3);
    const kept = btc.flatMap(read).map((l) => l.i);
    expect(kept.at(-1)).toBe(299);
    expect(kept).toEqual([...Array(kept.length).keys()].map((k) => 300 - kept.length + k));
    expect(indexOf(btc[0])).toBeGreaterThan(20); // base, .1, .2 … were deleted
    expect(onDisk()).toContain('engine-ETHUSDT-20260310.jsonl'); // other streams untouched
  });

  it('starts a new dated file at the UTC day change, by the clock the line was stamped with', async () => {
    const s = sink();
    const beforeMidnight = Date.UTC(2026, 2, 10, 23, 59, 59, 999);
    s.write('info', line(1, beforeMidnight), beforeMidnight);
    s.write('info', line(2, beforeMidnight + 1), beforeMidnight + 1);
    s.write('info', line(3, beforeMidnight + 2), beforeMidnight + 2);
    await s.close();

    expect(onDisk()).toEqual(['engine-BTCUSDT-20260310.jsonl', 'engine-BTCUSDT-20260311.jsonl']);
    expect(read('engine-BTCUSDT-20260310.jsonl').map((l) => l.ts)).toEqual([
      '2026-03-10T23:59:59.999Z',
    ]);
    expect(read('engine-BTCUSDT-20260311.jsonl').map((l) => l.i)).toEqual([2, 3]);
  });

  it('deletes files dated more than retentionDays before today, even with room under maxFiles', async () => {
    for (const day of ['20260306', '20260307', '20260307.1', '20260308', '20260309'])
      writeFileSync(join(dir, `engine-BTCUSDT-${day}.jsonl`), '{}\n');
    writeFileSync(join(dir, 'engine-ETHUSDT-20260301.jsonl'), '{}\n');
    writeFileSync(join(dir, 'notes-20260301.jsonl'), 'not ours\n');
    const s = sink({ retentionDays: 2 });
    s.write('info', line(0, T0), T0);
    await s.close();

    expect(onDisk()).toEqual([
      'engine-BTCUSDT-20260308.jsonl',
      'engine-BTCUSDT-20260309.jsonl',
      'engine-BTCUSDT-20260310.jsonl',
      'engine-ETHUSDT-20260301.jsonl',
      'notes-20260301.jsonl',
    ]);
    // A stream that is not written ages out through prune (the daily sweep).
    const quiet = sink({ stem: 'engine-ETHUSDT', retentionDays: 2 });
    expect(quiet.prune(T0 + DAY_MS)).toEqual(['engine-ETHUSDT-20260301.jsonl']);
  });

  it('after a restart continues the day in its newest file, even when older ones were pruned', async () => {
    const first = sink({ maxFiles: 2 });
    for (let i = 0; i < 45; i += 1) first.write('info', line(i, T0), T0);
    await first.close();
    const before = onDisk();
    expect(before).toHaveLength(2);
    const newest = before[1];
    const sizeBefore = statSync(join(dir, newest)).size;
    expect(sizeBefore).toBeLessThan(CAP - 200);

    const second = sink({ maxFiles: 2 });
    second.write('info', line(45, T0), T0);
    await second.close();
    expect(onDisk()).toEqual(before);
    expect(read(newest).at(-1)?.i).toBe(45);
  });

  it('replaces a line larger than the cap with a notice, so the cap holds', async () => {
    const s = sink({ symbol: 'BTCUSDT' });
    s.write('warn', line(0, T0, 'x'.repeat(5000)), T0);
    await s.close();
    const [only] = onDisk();
    expect(statSync(join(dir, only)).size).toBeLessThanOrEqual(CAP);
    expect(read(only)).toEqual([
      expect.objectContaining({
        level: 'warn',
        symbol: 'BTCUSDT',
        msg: 'log line dropped: larger than the file size cap',
        maxFileBytes: CAP,
      }),
    ]);
  });

  it('survives an unwritable directory: reports once a second, drops and counts lines, recovers', async () => {
    const logDir = join(dir, 'logs');
    writeFileSync(logDir, 'a file where the directory should be');
    const s = sink({ logDir });
    expect(() => {
      for (let i = 0; i < 5; i += 1) s.write('info', line(i, T0 + i), T0 + i);
    }).not.toThrow();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/^logging: cannot write engine-BTCUSDT: /);

    rmSync(logDir);
    mkdirSync(logDir);
    s.write('info', line(5, T0 + 999), T0 + 999); // still inside the back-off: dropped
    s.write('info', line(6, T0 + 1000), T0 + 1000);
    await s.close();
    expect(reports[1]).toBe('logging: 6 engine-BTCUSDT lines dropped after a write error');
    expect(read(join('logs', 'engine-BTCUSDT-20260310.jsonl')).map((l) => l.i)).toEqual([6]);
  });

  it('refuses caps that could not hold the notice or keep the rolled file', () => {
    expect(() => sink({ maxFileBytes: 100 })).toThrow(/maxFileBytes must be an integer ≥ 1024/);
    expect(() => sink({ maxFiles: 1 })).toThrow(/maxFiles must be an integer ≥ 2/);
  });
});
