import { bookEvent, fakeBook, tickerEvent, tradeEvent } from '@flotilla/trading/testing';
import { Mailbox, type MailboxItem } from './mailbox';

const trade = (id: string): MailboxItem => ({
  kind: 'trade',
  event: tradeEvent('X', [{ price: '1', size: id, side: 'buy' }]),
});
const sizeOf = (item: MailboxItem | undefined) =>
  item?.kind === 'trade' ? item.event.trades[0].size.toFixed() : item?.kind;
const book = (price: string): MailboxItem => ({
  kind: 'book',
  event: bookEvent(fakeBook('X', [[price, '1']], [])),
});
const drain = (m: Mailbox) => {
  const out: MailboxItem[] = [];
  for (let i = m.take(); i; i = m.take()) out.push(i);
  return out;
};

describe('Mailbox', () => {
  it('is FIFO for trades, timer ticks and commands', () => {
    const m = new Mailbox(10);
    m.post(trade('1'));
    m.post({ kind: 'timer', nowMs: 5 });
    m.post({ kind: 'command', command: { name: 'c', run: () => undefined } });
    m.post(trade('2'));
    expect(drain(m).map(sizeOf)).toEqual(['1', 'timer', 'command', '2']);
    expect(m.size).toBe(0);
  });

  it('conflates books: a newer book replaces an unprocessed older one', () => {
    const m = new Mailbox(10);
    m.post(book('1'));
    m.post(book('2'));
    m.post(book('3'));
    expect(m.size).toBe(1);
    const items = drain(m);
    expect(items).toHaveLength(1);
    expect(items[0].kind === 'book' && items[0].event.book.bestBid()?.price.toFixed()).toBe('3');
    expect(m.conflated).toBe(2);
    expect(m.dropped).toBe(0);
  });

  it('conflates tickers separately from books', () => {
    const m = new Mailbox(10);
    m.post({ kind: 'ticker', event: tickerEvent('X', '1') });
    m.post(book('1'));
    m.post({ kind: 'ticker', event: tickerEvent('X', '2') });
    const items = drain(m);
    expect(items.map((i) => i.kind)).toEqual(['book', 'ticker']);
    expect(items[1].kind === 'ticker' && items[1].event.lastPrice?.toFixed()).toBe('2');
  });

  it('keeps arrival order across conflated slots and the queue', () => {
    const m = new Mailbox(10);
    m.post(trade('1'));
    m.post(book('1'));
    m.post(trade('2'));
    expect(drain(m).map((i) => i.kind)).toEqual(['trade', 'book', 'trade']);
  });

  it('drops the oldest trade when full and counts it', () => {
    const m = new Mailbox(3);
    for (const id of ['1', '2', '3', '4', '5']) m.post(trade(id));
    expect(m.dropped).toBe(2);
    expect(drain(m).map(sizeOf)).toEqual(['3', '4', '5']);
  });

  it('never drops a command to make room; a queue of commands rejects the newcomer', () => {
    const m = new Mailbox(2);
    const cmd = (name: string): MailboxItem => ({
      kind: 'command',
      command: { name, run: () => undefined },
    });
    expect(m.post(cmd('a'))).toBe(true);
    expect(m.post(trade('1'))).toBe(true);
    expect(m.post(cmd('b'))).toBe(true);
    expect(m.post(cmd('c'))).toBe(false);
    expect(m.dropped).toBe(2);
    expect(drain(m).map((i) => (i.kind === 'command' ? i.command.name : i.kind))).toEqual([
      'a',
      'b',
    ]);
  });

  it('stays bounded under a flood', () => {
    const m = new Mailbox(100);
    for (let i = 0; i < 10_000; i++) {
      m.post(trade('1'));
      m.post(book(String(i + 1)));
    }
    expect(m.size).toBe(101);
    expect(m.dropped).toBe(9_900);
  });

  it('rejects a bad capacity', () => {
    expect(() => new Mailbox(0)).toThrow(RangeError);
  });
});
