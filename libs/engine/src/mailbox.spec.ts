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

  it('never drops a command: commands have their own lane beyond the capacity, counted', () => {
    const m = new Mailbox(2);
    const cmd = (name: string): MailboxItem => ({
      kind: 'command',
      command: { name, run: () => undefined },
    });
    m.post(cmd('a'));
    m.post(trade('1'));
    m.post(cmd('b'));
    m.post(cmd('c'));
    m.post(trade('2'));
    m.post(trade('3'));
    expect(m.dropped).toBe(1);
    expect(m.commandBacklog).toBe(3);
    expect(m.size).toBe(5);
    expect(drain(m).map((i) => (i.kind === 'command' ? i.command.name : sizeOf(i)))).toEqual([
      'a',
      'b',
      'c',
      '2',
      '3',
    ]);
    expect(m.commandBacklog).toBe(0);
    expect(m.commandHighWater).toBe(3);
  });

  it('keeps thousands of commands in order', () => {
    const m = new Mailbox(4);
    const names: string[] = [];
    for (let i = 0; i < 5000; i++) {
      m.post({ kind: 'command', command: { name: String(i), run: () => undefined } });
      if (i % 3 === 0) {
        const item = m.take();
        if (item?.kind === 'command') names.push(item.command.name);
      }
    }
    for (let item = m.take(); item; item = m.take()) {
      if (item.kind === 'command') names.push(item.command.name);
    }
    expect(names).toEqual(Array.from({ length: 5000 }, (_, i) => String(i)));
    expect(m.dropped).toBe(0);
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
