import { RecoveryPolicy } from './recovery-policy';

const HOUR = 3_600_000;
const T0 = 10 * HOUR;

describe('RecoveryPolicy', () => {
  const policy = new RecoveryPolicy();

  it.each([
    [1, 0],
    [2, 1000],
    [3, 2000],
    [4, 4000],
    [5, 8000],
    [9, 128_000],
    [10, 256_000],
    [11, 300_000],
    [30, 300_000],
  ])('waits before restart #%i: %i ms', (attempt, delayMs) => {
    expect(policy.delayForAttempt(attempt)).toBe(delayMs);
  });

  it('restarts five times in an hour with 0, 1, 2, 4, 8 s and fails the sixth', () => {
    let history: number[] = [];
    const seen: Array<number | string> = [];
    for (let i = 0; i < 6; i++) {
      const d = policy.decide(history, T0 + i * 60_000, T0 + i * 60_000 - 1000);
      history = d.history;
      seen.push(d.action === 'restart' ? d.delayMs : d.action);
    }
    expect(seen).toEqual([0, 1000, 2000, 4000, 8000, 'fail']);
  });

  it('names the limit in the fail reason and keeps the history', () => {
    const history = [1, 2, 3, 4, 5].map((i) => T0 - i * 1000);
    const d = policy.decide(history, T0, T0 - 10);
    expect(d).toMatchObject({ action: 'fail', history });
    expect(d.action === 'fail' && d.reason).toMatch(/5 restarts within 3600000 ms \(max 5\)/);
  });

  it('drops restarts older than the window', () => {
    const history = [T0 - HOUR, T0 - HOUR + 1, T0 - 1000];
    const d = policy.decide(history, T0, T0 - 500);
    expect(d).toMatchObject({ action: 'restart', attempt: 3, delayMs: 2000 });
    expect(d.history).toEqual([T0 - HOUR + 1, T0 - 1000, T0]);
  });

  it('counts only the last hour, so a full history frees up as it ages', () => {
    const history = [0, 1, 2, 3, 4].map((i) => T0 + i);
    expect(policy.decide(history, T0 + HOUR - 1, T0 + HOUR - 100).action).toBe('fail');
    expect(policy.decide(history, T0 + HOUR + 1, T0 + HOUR - 100)).toMatchObject({
      action: 'restart',
      attempt: 4,
    });
  });

  it('clears the history of an engine that ran stableAfterMs without a fault', () => {
    const history = [0, 1, 2, 3, 4].map((i) => T0 + i);
    const now = T0 + 700_000;
    expect(policy.decide(history, now, now - 599_999).action).toBe('fail');
    expect(policy.decide(history, now, now - 600_000)).toMatchObject({
      action: 'restart',
      attempt: 1,
      delayMs: 0,
      history: [now],
    });
  });

  it('takes its limits from config', () => {
    const strict = new RecoveryPolicy({ maxRestartsPerHour: 1, baseDelayMs: 10, maxDelayMs: 15 });
    expect(strict.decide([], T0, null)).toMatchObject({ action: 'restart', delayMs: 0 });
    expect(strict.decide([T0 - 1], T0, null).action).toBe('fail');
    expect(strict.delayForAttempt(4)).toBe(15);
  });
});
