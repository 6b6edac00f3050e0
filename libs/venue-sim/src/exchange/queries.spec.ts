import { ExchangeRefusal } from './errors';
import { execTimeFilter } from './queries';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('execTimeFilter (execution/list startTime/endTime)', () => {
  it('keeps everything without a bound', () => {
    expect(execTimeFilter({})(0)).toBe(true);
  });

  it('is inclusive at both ends', () => {
    const within = execTimeFilter({ startTime: '100', endTime: '200' });
    expect([99, 100, 200, 201].map(within)).toEqual([false, true, true, false]);
  });

  it('spans 7 days from a lone startTime, and to a lone endTime', () => {
    const from = execTimeFilter({ startTime: '1000' });
    expect([1000 + 7 * DAY_MS, 1001 + 7 * DAY_MS].map(from)).toEqual([true, false]);
    const to = execTimeFilter({ endTime: String(8 * DAY_MS) });
    expect([DAY_MS - 1, DAY_MS].map(to)).toEqual([false, true]);
  });

  it('refuses a span over 7 days, a reversed span and a non-number', () => {
    expect(() => execTimeFilter({ startTime: '0', endTime: String(7 * DAY_MS + 1) })).toThrow(
      ExchangeRefusal,
    );
    expect(() => execTimeFilter({ startTime: '10', endTime: '5' })).toThrow(ExchangeRefusal);
    expect(() => execTimeFilter({ startTime: 'soon' })).toThrow(/startTime invalid/);
  });
});
