import { aggregateStats } from './execution-stats';
import { distribution, percentile } from './percentiles';
import { stats } from './testing/fakes';

describe('percentile (nearest rank)', () => {
  it('is null without samples and the only sample with one', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([7], 50)).toBe(7);
    expect(percentile([7], 99)).toBe(7);
  });

  it('takes the nearest rank of the sorted samples, whatever their order', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([3, 1, 2, 4], 50)).toBe(2);
    expect(percentile([3, 1, 2, 4], 99)).toBe(4);
  });

  it('sees one slow sample in a thousand at p99 only when it is more than 1 %', () => {
    const ten = [...Array.from({ length: 990 }, () => 1), ...Array.from({ length: 10 }, () => 500)];
    expect(percentile(ten, 99)).toBe(1);
    const eleven = [
      ...Array.from({ length: 989 }, () => 1),
      ...Array.from({ length: 11 }, () => 500),
    ];
    expect(percentile(eleven, 99)).toBe(500);
  });

  it('summarises a million samples without spreading them onto the stack', () => {
    const many = Array.from({ length: 1_000_000 }, (_, i) => i % 1000);
    expect(distribution(many)).toEqual({ p50: 499, p99: 989, max: 999, samples: 1_000_000 });
  });

  it('rounds to 2 decimals', () => {
    expect(distribution([1.23456, 2.98765])).toEqual({
      p50: 1.23,
      p99: 2.99,
      max: 2.99,
      samples: 2,
    });
  });
});

describe('aggregateStats', () => {
  it('sums counters, takes the fill ratio as a decimal string and pools every sample', () => {
    const out = aggregateStats([
      stats({
        signals: 3,
        entriesSubmitted: 3,
        entriesFilled: 2,
        signalToAckMs: [5, 1],
        slippageBps: [-1],
      }),
      stats({ signals: 1, entriesSubmitted: 0, riskRefusals: 1, entriesRejected: 0 }),
      stats({
        signals: 2,
        entriesSubmitted: 3,
        entriesFilled: 3,
        signalToAckMs: [9],
        slippageBps: [2, 3],
      }),
    ]);
    expect(out).toEqual({
      engines: 3,
      signals: 6,
      entriesSubmitted: 6,
      entriesFilled: 5,
      entriesRejected: 0,
      riskRefusals: 1,
      fillRatio: '0.8333',
      slippageBps: { p50: 2, p99: 3, max: 3, samples: 3 },
      signalToAckMs: { p50: 5, p99: 9, max: 9, samples: 3 },
    });
  });

  it('has no fill ratio before the first entry', () => {
    expect(aggregateStats([]).fillRatio).toBeNull();
    expect(aggregateStats([stats({ signals: 4 })]).fillRatio).toBeNull();
  });
});
