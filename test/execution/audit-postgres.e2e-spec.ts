import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemClock, silentLogger } from '@flotilla/core';
import { AuditTrail } from '@flotilla/execution';
import { PostgresRegistry } from '@flotilla/registry';
import {
  createTestDatabase,
  pgUnavailableReason,
  reportPostgresUnavailable,
  type TestDatabase,
} from '../registry/pg-test-db';

if (pgUnavailableReason) reportPostgresUnavailable(pgUnavailableReason);
else
  describe('AuditTrail with REGISTRY=postgres', () => {
    let db: TestDatabase;
    let registry: PostgresRegistry;
    let dataDir: string;

    beforeAll(async () => {
      db = await createTestDatabase();
      registry = new PostgresRegistry({ databaseUrl: db.url });
      await registry.open();
    });

    afterAll(async () => {
      await registry?.close();
      await db?.drop();
    });

    beforeEach(() => {
      dataDir = mkdtempSync(join(tmpdir(), 'flotilla-audit-pg-'));
    });
    afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

    it('writes every entry to the JSONL file and to the audit table, in order, decimals exact', async () => {
      const trail = new AuditTrail({
        dataDir,
        clock: new SystemClock(),
        logger: silentLogger,
        port: registry,
      });
      const at = Date.UTC(2026, 6, 1, 12, 0, 0, 123);
      trail.append({
        atMs: at,
        symbol: 'BTCUSDT',
        action: 'order.submitted',
        traceId: 'sig-42',
        actor: 'engine:BTCUSDT',
        requestId: null,
        details: { clientOrderId: 'flt-BTCUSDT-sig-42-entry', notional: '100.000000000000000001' },
      });
      trail.append({
        atMs: at + 1,
        symbol: 'BTCUSDT',
        action: 'fill',
        traceId: 'sig-42',
        actor: 'engine:BTCUSDT',
        requestId: null,
        details: {
          fillId: 'f1',
          price: '64000.5',
          qty: '0.0015625',
          fee: '0.06',
          realizedPnl: '0',
        },
      });
      trail.append({
        atMs: at + 2,
        symbol: null,
        action: 'operator.kill-switch',
        traceId: 'req-7',
        actor: 'operator',
        requestId: 'req-7',
        details: { engaged: true, note: 'quote " newline \n ü' },
      });
      await trail.flush();

      const rows = await registry.listAudit({ traceId: 'sig-42' });
      expect(rows.map((r) => r.action)).toEqual(['order.submitted', 'fill']);
      expect(rows[0]).toMatchObject({
        at: '2026-07-01T12:00:00.123Z',
        actor: 'engine:BTCUSDT',
        subject: 'BTCUSDT',
        before: null,
        after: null,
        context: { clientOrderId: 'flt-BTCUSDT-sig-42-entry', requestId: null },
      });
      expect(rows[0].notional?.toFixed()).toBe('100.000000000000000001');
      expect(rows[1].notional).toBeNull();
      const [fleet] = await registry.listAudit({ subject: 'fleet' });
      expect(fleet).toMatchObject({
        action: 'operator.kill-switch',
        context: { engaged: true, note: 'quote " newline \n ü', requestId: 'req-7' },
      });
      expect(trail.stats().forward).toMatchObject({ forwarded: 3, failed: 0, dropped: 0 });

      const lines = readFileSync(join(dataDir, 'audit', 'BTCUSDT.jsonl'), 'utf8')
        .trim()
        .split('\n');
      expect(lines.map((l) => (JSON.parse(l) as { action: string }).action)).toEqual([
        'order.submitted',
        'fill',
      ]);
      expect((await trail.fills('BTCUSDT'))[0].details.qty).toBe('0.0015625');
    });

    it('keeps the JSONL line when the database is gone, and gives the row up after its attempts', async () => {
      const closed = new PostgresRegistry({ databaseUrl: db.url }); // never opened: every insert fails
      const trail = new AuditTrail({
        dataDir,
        clock: new SystemClock(),
        logger: silentLogger,
        port: closed,
        forward: { attempts: 2, backoff: { initialMs: 10, maxMs: 10 } },
      });
      trail.append({
        atMs: Date.UTC(2026, 6, 1),
        symbol: 'ETHUSDT',
        action: 'risk.refused',
        traceId: 'sig-x',
        actor: 'risk',
        requestId: null,
        details: { reason: 'max-open-positions' },
      });
      await trail.flush();
      expect(trail.stats().forward).toMatchObject({ forwarded: 0, failed: 1 });
      expect(await registry.listAudit({ subject: 'ETHUSDT' })).toEqual([]);
      expect(readFileSync(join(dataDir, 'audit', 'ETHUSDT.jsonl'), 'utf8')).toContain(
        'risk.refused',
      );
    });
  });
