import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, silentLogger } from '@flotilla/core';
import type { AuditEntry } from '../contracts';
import type { AuditForwardEvent, AuditForwardPort } from './audit-forwarder';
import { toAuditEvent } from './audit-forwarder';
import { AuditTrail } from './audit-trail';

const T0 = Date.UTC(2026, 5, 1, 9);

class FlakyPort implements AuditForwardPort {
  readonly stored: AuditForwardEvent[] = [];
  calls = 0;
  constructor(public failuresLeft: number) {}
  async appendAudit(event: AuditForwardEvent): Promise<unknown> {
    this.calls++;
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw new Error('connection refused');
    }
    this.stored.push(event);
    return { ...event, id: String(this.stored.length) };
  }
}

/** Awaits p while moving the manual clock, so retry waits elapse without sleeping. */
async function whileAdvancing(clock: ManualClock, p: Promise<void>): Promise<void> {
  let done = false;
  const watched = p.then(() => {
    done = true;
  });
  for (let i = 0; i < 200 && !done; i++) {
    await new Promise((r) => setImmediate(r));
    clock.advance(1_000);
  }
  await watched;
}

const submitted: AuditEntry = {
  atMs: T0,
  symbol: 'BTCUSDT',
  action: 'order.submitted',
  traceId: 'sig-1',
  actor: 'engine:BTCUSDT',
  requestId: 'req-9',
  details: { clientOrderId: 'c1', notional: '100.50', price: '64000.1' },
};

describe('toAuditEvent', () => {
  it('maps an entry to the registry row', () => {
    const event = toAuditEvent({ ...submitted, seq: 3 });
    expect(event).toMatchObject({
      at: '2026-06-01T09:00:00.000Z',
      traceId: 'sig-1',
      actor: 'engine:BTCUSDT',
      action: 'order.submitted',
      subject: 'BTCUSDT',
      before: null,
      after: null,
      context: { clientOrderId: 'c1', notional: '100.50', price: '64000.1', requestId: 'req-9' },
    });
    expect(event.notional?.toFixed()).toBe('100.5');
    const fleet = toAuditEvent({
      ...submitted,
      seq: 4,
      symbol: null,
      details: { notional: 'lots' },
    });
    expect(fleet).toMatchObject({ subject: 'fleet', notional: null });
  });
});

describe('AuditTrail forwarding to the registry', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'flotilla-audit-fwd-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('retries a failed insert on the backoff and stores each entry once, in order', async () => {
    const clock = new ManualClock(T0);
    const port = new FlakyPort(2);
    const trail = new AuditTrail({ dataDir, clock, logger: silentLogger, port });
    trail.append(submitted);
    trail.append({ ...submitted, action: 'order.accepted' });
    await whileAdvancing(clock, trail.flush());
    expect(port.stored.map((e) => e.action)).toEqual(['order.submitted', 'order.accepted']);
    expect(port.calls).toBe(4);
    expect(trail.stats().forward).toMatchObject({ forwarded: 2, failed: 0 });
  });

  it('gives an entry up after the attempts, and the JSONL line is written regardless', async () => {
    const clock = new ManualClock(T0);
    const port = new FlakyPort(Number.POSITIVE_INFINITY);
    const trail = new AuditTrail({
      dataDir,
      clock,
      logger: silentLogger,
      port,
      forward: { attempts: 3, backoff: { initialMs: 10, maxMs: 10 } },
    });
    trail.append(submitted);
    await whileAdvancing(clock, trail.flush());
    expect(port.calls).toBe(3);
    expect(trail.stats().forward).toMatchObject({ forwarded: 0, failed: 1 });
    const text = readFileSync(join(dataDir, 'audit', 'BTCUSDT.jsonl'), 'utf8');
    expect(JSON.parse(text)).toMatchObject({ action: 'order.submitted', requestId: 'req-9' });
  });
});
