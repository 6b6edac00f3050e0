import { ManualClock } from '@flotilla/core';
import { ImbalanceStrategy } from './imbalance-strategy';
import { RecordingIntentSink } from './intent';
import { bookEvent, fakeBook } from './testing/fake-book';
import { testStrategyParams } from './testing/strategy-params';

describe('RecordingIntentSink', () => {
  it('keeps only the newest intents up to its capacity and counts the rest', () => {
    const clock = new ManualClock(0);
    const strategy = new ImbalanceStrategy({
      symbol: 'X',
      clock,
      params: testStrategyParams({ cooldownMs: 0 }),
    });
    const sink = new RecordingIntentSink(2);
    const book = bookEvent(fakeBook('X', [['100', '300']], [['101', '1']]));
    for (let i = 0; i < 3; i++) {
      clock.advance(1);
      strategy.onBook(book).forEach((intent) => sink.submit(intent));
    }
    expect(sink.intents().map((i) => i.signal.at)).toEqual([2, 3]);
    expect(sink.dropped).toBe(1);
  });

  it('rejects a non-positive capacity', () => {
    expect(() => new RecordingIntentSink(0)).toThrow(RangeError);
  });
});
