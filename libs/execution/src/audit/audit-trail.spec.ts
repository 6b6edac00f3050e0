import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, silentLogger } from '@flotilla/core';
import type { AuditAction, AuditEntry } from '../contracts';
import { AuditTrail } from './audit-trail';

const T0 = Date.UTC(2026, 5, 1, 9);

function entry(over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    atMs: T0,
    symbol: 'BTCUSDT',
    action: 'order.submitted',
    traceId: 'sig-1',
    actor: 'engine:BTCUSDT',
    requestId: null,
    details: {},
    ...over,
  };
}

const fill = (i: number, symbol = 'BTCUSDT'): AuditEntry =>
  entry({
    symbol,
    atMs: T0 + i,
    action: 'fill',
    traceId: `sig-${i}`,
    details: { fillId: `f${i}`, price: '64000.5', qty: '0.001', fee: '0.0384', realizedPnl: '0' },
  });

const linesOf = (path: string): unknown[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as unknown);

describe('AuditTrail', () => {
  let dataDir: string;
  const clock = new ManualClock(T0);
  const open = (extra: Partial<ConstructorParameters<typeof AuditTrail>[0]> = {}) =>
    new AuditTrail({ dataDir, clock, logger: silentLogger, ...extra });

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'flotilla-audit-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('writes one file per symbol plus _fleet, in order, in one append per file per tick', async () => {
    const appends: string[] = [];
    const trail = open({
      append: (path, data) => {
        appends.push(path);
        return appendFile(path, data);
      },
    });
    for (let i = 0; i < 300; i++) {
      trail.append(entry({ symbol: i % 3 === 0 ? 'ETHUSDT' : 'BTCUSDT', atMs: T0 + i }));
    }
    trail.append(entry({ symbol: null, action: 'operator.kill-switch', actor: 'operator' }));
    await trail.flush();
    expect(appends.sort()).toEqual(
      ['BTCUSDT.jsonl', 'ETHUSDT.jsonl', '_fleet.jsonl'].map((f) => join(dataDir, 'audit', f)),
    );
    const btc = linesOf(join(dataDir, 'audit', 'BTCUSDT.jsonl')) as { seq: number }[];
    expect(btc).toHaveLength(200);
    expect(btc.map((l) => l.seq)).toEqual([...btc.map((l) => l.seq)].sort((a, b) => a - b));
    expect(linesOf(join(dataDir, 'audit', '_fleet.jsonl'))).toEqual([
      expect.objectContaining({ seq: 301, symbol: null, action: 'operator.kill-switch' }),
    ]);
    expect(btc[0]).toEqual({
      seq: 2,
      at: '2026-06-01T09:00:00.001Z',
      atMs: T0 + 1,
      symbol: 'BTCUSDT',
      action: 'order.submitted',
      traceId: 'sig-1',
      actor: 'engine:BTCUSDT',
      requestId: null,
      details: {},
    });
  });

  it('keeps one valid JSON line per entry whatever the strings hold', async () => {
    const hostile = [
      'quote " and \\ backslash',
      'new\nline\r\nand\ttab',
      'unicode ü 中文 🚀 \u2028 \u2029',
      'lone \ud800 surrogate and \u0000 nul',
      '{"action":"fill"}\n{"seq":0}',
    ];
    const trail = open();
    hostile.forEach((s, i) =>
      trail.append(entry({ actor: s, traceId: s, details: { reason: s, n: i, ok: true } })),
    );
    await trail.flush();
    const text = readFileSync(join(dataDir, 'audit', 'BTCUSDT.jsonl'), 'utf8');
    expect(text.split('\n')).toHaveLength(hostile.length + 1);
    const lines = linesOf(join(dataDir, 'audit', 'BTCUSDT.jsonl')) as {
      actor: string;
      details: { reason: string };
    }[];
    expect(lines.map((l) => l.details.reason)).toEqual(hostile);
    expect(lines[1].actor).toBe('new\nline\r\nand\ttab');
  });

  it('reads fills back after a restart, skipping (and counting) a torn last line', async () => {
    const first = open();
    for (let i = 1; i <= 3; i++) first.append(fill(i));
    first.append(entry({ action: 'order.filled' }));
    first.append(fill(9, 'ETHUSDT'));
    await first.flush();
    appendFileSync(join(dataDir, 'audit', 'BTCUSDT.jsonl'), '{"seq":99,"atMs":1,"action":"fi');

    const second = open();
    const fills = await second.fills('BTCUSDT');
    expect(fills.map((f) => f.details.fillId)).toEqual(['f1', 'f2', 'f3']);
    expect(fills[0]).toMatchObject({ action: 'fill', traceId: 'sig-1', atMs: T0 + 1 });
    expect(fills[0].details.price).toBe('64000.5');
    expect(second.stats().skippedLines).toBe(1);
    expect(await second.fills('NOPEUSDT')).toEqual([]);
    // appends after the torn line still land on a line of their own
    second.append(fill(4));
    expect((await second.fills('BTCUSDT')).map((f) => f.details.fillId)).toEqual([
      'f1',
      'f2',
      'f3',
      'f4',
    ]);
  });

  it('filters by symbol, action, since and trace id, newest first, at most 1000', async () => {
    const trail = open();
    const actions: AuditAction[] = ['order.submitted', 'order.accepted', 'fill'];
    for (let i = 0; i < 1500; i++) {
      trail.append(
        entry({
          atMs: T0 + i,
          symbol: i % 2 ? 'BTCUSDT' : 'ETHUSDT',
          action: actions[i % 3],
          traceId: `sig-${i % 10}`,
        }),
      );
    }
    const q = (f: Parameters<AuditTrail['query']>[0]) => trail.query(f);
    expect(await q({})).toHaveLength(100);
    expect((await q({}))[0].seq).toBe(1500);
    expect(await q({ limit: 5000 })).toHaveLength(1000);
    const btcFills = await q({ symbol: 'BTCUSDT', action: 'fill', limit: 1000 });
    expect(btcFills).toHaveLength(250); // odd i with i % 3 === 2
    expect(btcFills.every((e) => e.symbol === 'BTCUSDT' && e.action === 'fill')).toBe(true);
    expect(btcFills[0].atMs).toBeGreaterThan(btcFills[1].atMs);
    expect(await q({ since: T0 + 1490, limit: 1000 })).toHaveLength(10);
    const traced = await q({ traceId: 'sig-7', limit: 1000 });
    expect(traced).toHaveLength(150);
    expect(traced.every((e) => e.traceId === 'sig-7')).toBe(true);
  });

  it('serves older entries from the files, also after a restart', async () => {
    const first = open({ indexSize: 10 });
    for (let i = 0; i < 30; i++) first.append(entry({ atMs: T0 + i, traceId: `t${i}` }));
    const fromFiles = await first.query({ limit: 25 });
    expect(fromFiles.map((e) => e.traceId)).toEqual(
      Array.from({ length: 25 }, (_, k) => `t${29 - k}`),
    );
    expect((await first.query({ since: T0 + 25 })).map((e) => e.traceId)).toEqual([
      't29',
      't28',
      't27',
      't26',
      't25',
    ]);
    await first.flush();

    const second = open();
    second.append(entry({ atMs: T0 + 100, traceId: 'new', symbol: 'ETHUSDT' }));
    const all = await second.query({ limit: 1000 });
    expect(all).toHaveLength(31);
    expect(all[0].traceId).toBe('new');
    expect(all[30].traceId).toBe('t0');
    expect((await second.query({ traceId: 't3' }))[0].atMs).toBe(T0 + 3);
  });

  it('keeps lines while the disk fails, retries on the backoff, and drops only past the bound', async () => {
    let failing = true;
    const trail = open({
      maxQueuedLines: 5,
      diskRetryBackoff: { initialMs: 100, maxMs: 100, jitter: 'none' },
      append: (path, data) =>
        failing ? Promise.reject(new Error('EIO: disk failing')) : appendFile(path, data),
    });
    for (let i = 0; i < 7; i++) trail.append(entry({ atMs: T0 + i, traceId: `t${i}` }));
    await trail.flush(); // one failed attempt; flush returns without throwing
    expect(trail.stats().file).toMatchObject({ queued: 5, dropped: 2, written: 0 });
    expect(trail.stats().file.writeFailures).toBeGreaterThanOrEqual(1);
    failing = false;
    clock.advance(100);
    await trail.flush();
    expect(trail.stats().file).toMatchObject({ queued: 0, written: 5, dropped: 2 });
    const written = linesOf(join(dataDir, 'audit', 'BTCUSDT.jsonl')) as { traceId: string }[];
    expect(written.map((l) => l.traceId)).toEqual(['t0', 't1', 't2', 't3', 't4']);
  });

  it('never throws to the caller', () => {
    const trail = open();
    expect(() => trail.append(null as unknown as AuditEntry)).not.toThrow();
  });
});
