import { ExchangeRefusal } from '../exchange';
import { decodeCursor, encodeCursor, page } from './paging';

describe('paging', () => {
  const items = Array.from({ length: 45 }, (_, i) => i);

  it('walks every item once, in order, with cursors from [A-Za-z0-9_-] only', () => {
    const seen: number[] = [];
    const cursors: string[] = [];
    let cursor: string | undefined;
    do {
      const p = page(items, { limit: '20', cursor }, 20, 50);
      seen.push(...p.items);
      cursor = p.nextPageCursor || undefined;
      if (cursor) cursors.push(cursor);
    } while (cursor);
    expect(seen).toEqual(items);
    expect(cursors).toHaveLength(2);
    for (const c of cursors) expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('uses the default limit and ends with an empty cursor', () => {
    expect(page(items, {}, 20, 50)).toMatchObject({ items: items.slice(0, 20) });
    expect(page(items, { cursor: encodeCursor(40) }, 20, 50)).toEqual({
      items: [40, 41, 42, 43, 44],
      nextPageCursor: '',
    });
  });

  it.each([['0'], ['51'], ['x'], ['1.5']])('refuses limit %s with 10001', (limit) => {
    expect(() => page(items, { limit }, 20, 50)).toThrow(ExchangeRefusal);
  });

  it('refuses a cursor it did not issue', () => {
    expect(() => decodeCursor('not-a-cursor')).toThrow(/cursor invalid/);
    expect(decodeCursor(encodeCursor(7))).toBe(7);
  });
});
