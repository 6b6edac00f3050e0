import { formatDuration, parseCount, parseDuration, parseSince } from './durations';
import { CliError, EXIT } from './exit-codes';

const NOW = Date.parse('2026-12-02T06:00:00.000Z');

function refused(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect((err as CliError).exitCode).toBe(EXIT.usage);
    return (err as Error).message;
  }
  throw new Error('accepted');
}

describe('durations', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['2m', 120_000],
    ['1.5h', 5_400_000],
    ['1d', 86_400_000],
    [' 10s ', 10_000],
  ])('parses %s', (text, ms) => {
    expect(parseDuration(text, '--timeout')).toBe(ms);
  });

  it.each(['30', 's', '-1s', '0s', '1w', '1 s', '', '1e3ms'])(
    'refuses %j naming the rule',
    (text) => {
      expect(refused(() => parseDuration(text, '--timeout'))).toMatch(
        /--timeout ".*" is not a duration: a number with a unit/,
      );
    },
  );

  it('takes --since as an age before now or an ISO time, and sends ISO UTC', () => {
    expect(parseSince('15m', NOW)).toBe('2026-12-02T05:45:00.000Z');
    expect(parseSince('2h', NOW)).toBe('2026-12-02T04:00:00.000Z');
    expect(parseSince('2026-12-01T10:00:00Z', NOW)).toBe('2026-12-01T10:00:00.000Z');
    expect(parseSince('2026-12-01T10:00:00+02:00', NOW)).toBe('2026-12-01T08:00:00.000Z');
    expect(parseSince('2026-12-01', NOW)).toBe('2026-12-01T00:00:00.000Z');
  });

  it.each(['yesterday', '2026-13-45', '12/01/2026', '15', 'now'])('refuses --since %j', (text) => {
    expect(refused(() => parseSince(text, NOW))).toMatch(/neither an ISO-8601 time .* nor an age/);
  });

  it('reads counts within bounds', () => {
    expect(parseCount('1', '--lines', 1000)).toBe(1);
    expect(parseCount('1000', '--lines', 1000)).toBe(1000);
    for (const bad of ['0', '1001', '-5', '1.5', 'ten', '']) {
      expect(refused(() => parseCount(bad, '--lines', 1000))).toMatch(/from 1 to 1000/);
    }
  });

  it('formats a duration as an operator would type it', () => {
    expect([
      formatDuration(500),
      formatDuration(1500),
      formatDuration(30_000),
      formatDuration(120_000),
    ]).toEqual(['500ms', '1.5s', '30s', '2m']);
  });
});
