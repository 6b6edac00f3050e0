import { ExecutorHarness, testClientOrderId } from '@flotilla/execution/testing';
import { ENTRY_READBACK_AFTER_MS } from './fill-readback';

/** Fills the entry on the venue, then runs only the queued venue events `keep` lets through. */
function fillLosing(h: ExecutorHarness, signalId: string, keep: (kind: string) => boolean): void {
  const before = h.host.queue.length;
  h.venue.fillOrder(h.entryId(signalId), '100.1');
  const events = h.host.queue.splice(before);
  const kinds = ['order', 'fill', 'position'];
  events.forEach((item, i) => {
    if (keep(kinds[i])) item.fn();
  });
}

const executionReads = (h: ExecutorHarness) =>
  h.venue.calls.filter((c) => c.method === 'executions').length;

describe('Executor: an entry fill the private stream lost', () => {
  it('a close fill lost with every event of it is read back, and the position ends flat with the venue PnL', async () => {
    const h = new ExecutorHarness();
    await h.started();
    await h.intent('buy', '100', 'sig-1');
    h.venue.fillOrder(h.entryId('sig-1'), '100');
    await h.host.settle();
    expect(h.executor.status().position?.state).toBe('open');
    await h.intent('sell', '101', 'sig-2'); // the opposite signal closes
    expect(h.executor.status().position?.state).toBe('closing');
    const readsBefore = executionReads(h);
    const before = h.host.queue.length;
    h.venue.fillOrder(testClientOrderId('BTCUSDT', 'sig-2', 'close'), '101');
    h.host.queue.splice(before); // order, fill and position: all lost
    for (let i = 0; i < 4; i++) await h.tick(1000);
    expect(executionReads(h)).toBe(readsBefore + 1);
    expect(h.executor.status().position).toBeNull();
    expect(h.executor.status().realizedPnl.toFixed()).toBe('0.8794'); // 1 - 0.06 - 0.0606
    expect(h.audit.of('position.closed')).toHaveLength(1);
  });

  it('is read back once the venue shows the position, and the position is opened and protected', async () => {
    const h = new ExecutorHarness();
    await h.started();
    await h.intent('buy', '100', 'sig-1');
    const readsBefore = executionReads(h);
    fillLosing(h, 'sig-1', (kind) => kind === 'position');
    await h.host.settle();
    expect(h.executor.status().position?.state).toBe('opening');

    await h.tick(1000);
    expect(executionReads(h)).toBe(readsBefore + 1);
    const s = h.executor.status();
    expect(s.position).toMatchObject({ state: 'open', side: 'long', stopConfirmed: true });
    expect(s.position?.qty.toFixed()).toBe('1');
    expect(s.realizedPnl.toFixed()).toBe('-0.06006'); // the lost fill's fee is counted once
    expect(h.audit.of('fill')).toHaveLength(1);
    expect(h.audit.of('fill')[0].details).toMatchObject({ recovered: true, price: '100.1' });
    expect(h.audit.of('position.opened')).toHaveLength(1);
  });

  it('is read back after the delay when every event of the fill was lost, backing off while nothing shows', async () => {
    const h = new ExecutorHarness();
    await h.started();
    await h.intent('buy', '100', 'sig-1');
    const readsBefore = executionReads(h);
    await h.tick(1000); // the first timer plans the read-back
    await h.tick(ENTRY_READBACK_AFTER_MS - 1000);
    expect(executionReads(h)).toBe(readsBefore); // not yet: a market entry normally fills at once
    await h.tick(1000);
    expect(executionReads(h)).toBe(readsBefore + 1); // nothing filled: still opening
    expect(h.executor.status().position?.state).toBe('opening');
    await h.tick(2000);
    expect(executionReads(h)).toBe(readsBefore + 1); // the next one waits twice as long
    fillLosing(h, 'sig-1', () => false);
    await h.tick(2000);
    expect(executionReads(h)).toBe(readsBefore + 2);
    expect(h.executor.status().position).toMatchObject({ state: 'open', stopConfirmed: true });
    expect(h.audit.of('fill')).toHaveLength(1);
  });

  it('reads nothing back when the stream delivers the fill, even with the position first', async () => {
    const h = new ExecutorHarness();
    h.venue.positionFirst = true;
    await h.started();
    await h.intent('buy', '100', 'sig-1');
    const readsBefore = executionReads(h);
    h.venue.fillOrder(h.entryId('sig-1'), '100.1');
    await h.host.settle();
    for (let i = 0; i < 10; i++) await h.tick(1000);
    expect(executionReads(h)).toBe(readsBefore);
    expect(h.executor.status().position).toMatchObject({ state: 'open' });
    expect(h.audit.of('fill')).toHaveLength(1);
  });

  it('a fill that arrives on the stream after its read-back is not counted twice', async () => {
    const h = new ExecutorHarness();
    await h.started();
    await h.intent('buy', '100', 'sig-1');
    const before = h.host.queue.length;
    h.venue.fillOrder(h.entryId('sig-1'), '100.1');
    const late = h.host.queue.splice(before);
    late[2].fn(); // the position first; order and fill come late
    await h.tick(1000);
    for (const item of late.slice(0, 2)) item.fn();
    await h.host.settle();
    expect(h.audit.of('fill')).toHaveLength(1);
    expect(h.executor.status().position?.qty.toFixed()).toBe('1');
    expect(h.executor.status().realizedPnl.toFixed()).toBe('-0.06006');
  });
});
