import { appendFileSync, mkdtempSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatLogCursor, parseLogCursor, START_CURSOR } from './engine-log-cursor';
import { EngineLogReader } from './engine-log-reader';

const line = (n: number, pad = 0) =>
  `${JSON.stringify({ ts: '2026-12-02T05:00:00.000Z', level: 'info', n, pad: 'x'.repeat(pad) })}\n`;
const lines = (from: number, to: number, pad = 0) =>
  Array.from({ length: to - from }, (_, i) => line(from + i, pad)).join('');
const ns = (page: { lines: Record<string, unknown>[] }) => page.lines.map((l) => l.n);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('EngineLogReader', () => {
  let dir: string;
  let reader: EngineLogReader;
  const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
  const append = (name: string, text: string) => appendFileSync(join(dir, name), text);
  const files = () => reader.files('BTCUSDT');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flotilla-logs-'));
    reader = new EngineLogReader(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists only the files of the symbol, oldest first (day, then split index)', async () => {
    write('engine-BTCUSDT-20261202.jsonl', '');
    write('engine-BTCUSDT-20261201.2.jsonl', '');
    write('engine-BTCUSDT-20261201.jsonl', '');
    write('engine-BTCUSDT-20261201.10.jsonl', '');
    write('engine-BTCUSDTX-20261202.jsonl', '');
    write('orchestrator-20261202.jsonl', '');
    write('engine-BTCUSDT-20261202.jsonl.tmp', '');
    expect((await files()).map((f) => f.name)).toEqual([
      'engine-BTCUSDT-20261201.jsonl',
      'engine-BTCUSDT-20261201.2.jsonl',
      'engine-BTCUSDT-20261201.10.jsonl',
      'engine-BTCUSDT-20261202.jsonl',
    ]);
    expect(await new EngineLogReader(join(dir, 'missing')).files('BTCUSDT')).toEqual([]);
  });

  it('tails across rotated files, newest last, with a cursor at the end of the newest', async () => {
    write('engine-BTCUSDT-20261201.jsonl', lines(0, 5));
    write('engine-BTCUSDT-20261201.1.jsonl', lines(5, 8));
    write('engine-BTCUSDT-20261202.jsonl', lines(8, 10));
    const page = await reader.tail(await files(), 6);
    expect(ns(page)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(page.cursor).toBe(
      formatLogCursor({ day: '20261202', index: 0, offset: lines(8, 10).length }),
    );
    expect(ns(await reader.tail(await files(), 1000))).toEqual(range(0, 10));
  });

  it('tails exactly N lines out of many 64 KiB chunks', async () => {
    write('engine-BTCUSDT-20261202.jsonl', lines(0, 3000, 100));
    expect(ns(await reader.tail(await files(), 1000))).toEqual(range(2000, 3000));
  });

  it('leaves a line still being written for the next read, then follows it', async () => {
    const name = 'engine-BTCUSDT-20261202.jsonl';
    const third = line(2);
    write(name, lines(0, 2) + third.slice(0, 10));
    const first = await reader.tail(await files(), 100);
    expect(ns(first)).toEqual([0, 1]);
    append(name, third.slice(10) + line(3));
    const next = await reader.after(await files(), parseLogCursor(first.cursor)!, 100);
    expect(ns(next)).toEqual([2, 3]);
    const idle = await reader.after(await files(), parseLogCursor(next.cursor)!, 100);
    expect(idle).toEqual({ lines: [], cursor: next.cursor });
  });

  it('follows into the next file when the stream rotates, and past a pruned one', async () => {
    write('engine-BTCUSDT-20261202.jsonl', lines(0, 3));
    const start = await reader.tail(await files(), 10);
    append('engine-BTCUSDT-20261202.jsonl', line(3));
    write('engine-BTCUSDT-20261202.1.jsonl', lines(4, 6));
    write('engine-BTCUSDT-20261203.jsonl', line(6));
    const rotated = await reader.after(await files(), parseLogCursor(start.cursor)!, 100);
    expect(ns(rotated)).toEqual([3, 4, 5, 6]);
    expect(rotated.cursor).toBe(`20261203.0:${line(6).length}`);

    unlinkSync(join(dir, 'engine-BTCUSDT-20261203.jsonl'));
    write('engine-BTCUSDT-20261204.jsonl', line(7));
    const pruned = await reader.after(await files(), parseLogCursor(rotated.cursor)!, 100);
    expect(ns(pruned)).toEqual([7]);
  });

  it('reads a file that shrank below the cursor (replaced) from its start', async () => {
    write('engine-BTCUSDT-20261202.jsonl', lines(0, 5));
    const before = await reader.tail(await files(), 10);
    write('engine-BTCUSDT-20261202.jsonl', line(9));
    expect(ns(await reader.after(await files(), parseLogCursor(before.cursor)!, 10))).toEqual([9]);
  });

  it('pages a backlog: at most N lines per call, and within the byte budget', async () => {
    write('engine-BTCUSDT-20261202.jsonl', lines(0, 50, 1000));
    const small = new EngineLogReader(dir, 10_000);
    const seen: unknown[] = [];
    let cursor = START_CURSOR;
    for (let call = 0; call < 20; call += 1) {
      const page = await small.after(await files(), cursor, 7);
      expect(page.lines.length).toBeLessThanOrEqual(7);
      seen.push(...ns(page));
      cursor = parseLogCursor(page.cursor)!;
    }
    expect(seen).toEqual(range(0, 50));
    expect(ns(await small.tail(await files(), 50)).length).toBeLessThan(50);
  });

  it('follows past a line larger than the byte budget', async () => {
    write('engine-BTCUSDT-20261202.jsonl', line(0, 30_000) + line(1));
    const small = new EngineLogReader(dir, 10_000);
    const first = await small.after(await files(), START_CURSOR, 10);
    const second = await small.after(await files(), parseLogCursor(first.cursor)!, 10);
    expect(ns(first)[0]).toBe(0);
    expect([...ns(first), ...ns(second)]).toEqual([0, 1]);
  });

  it('returns a line that is not a JSON object as { unparsed }', async () => {
    write('engine-BTCUSDT-20261202.jsonl', `not json\n[1]\n${line(1)}`);
    expect((await reader.tail(await files(), 10)).lines).toEqual([
      { unparsed: 'not json' },
      { unparsed: '[1]' },
      expect.objectContaining({ n: 1 }),
    ]);
  });

  it('answers no lines and the start cursor for an engine that never logged', async () => {
    expect(await reader.tail([], 10)).toEqual({ lines: [], cursor: '00000000.0:0' });
    expect(await reader.after([], START_CURSOR, 10)).toEqual({
      lines: [],
      cursor: '00000000.0:0',
    });
  });

  it('parses only cursors it formats', () => {
    expect(parseLogCursor('20261202.3:4096')).toEqual({ day: '20261202', index: 3, offset: 4096 });
    for (const bad of ['', '../x', '20261202:1', '2026120.0:1', '20261202.0:-1', '20261202.0:1 ']) {
      expect(parseLogCursor(bad)).toBeNull();
    }
  });
});
