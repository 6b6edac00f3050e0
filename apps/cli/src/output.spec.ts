import { EXIT, worst } from './exit-codes';
import { formatLogLine } from './commands/logs';
import { formatAge, streamOutput, table } from './output';

describe('output', () => {
  it('aligns columns, numbers to the right, missing cells as -', () => {
    expect(
      table(
        ['SYMBOL', 'STATE', 'RESTARTS', 'ERROR'],
        [
          ['BTCUSDT', 'running', 0, null],
          ['SOLUSDT', 'failed', 12, 'boom'],
        ],
      ),
    ).toBe(
      [
        'SYMBOL   STATE    RESTARTS  ERROR',
        'BTCUSDT  running         0  -',
        'SOLUSDT  failed         12  boom',
        '',
      ].join('\n'),
    );
  });

  it('formats ages', () => {
    expect([
      formatAge(null),
      formatAge(42),
      formatAge(125),
      formatAge(3725),
      formatAge(200_000),
    ]).toEqual(['-', '42s', '2m5s', '1h2m', '2d7h']);
  });

  it('never writes the token, on stdout or stderr', () => {
    const written: string[] = [];
    const sink = { write: (s: string) => written.push(s) };
    const out = streamOutput(sink, sink, () => 'tok-123-secret');
    out.out('a tok-123-secret b\n');
    out.err('Bearer tok-123-secret\n');
    expect(written.join('')).toBe('a [redacted] b\nBearer [redacted]\n');
  });

  it('picks the worst exit code of a batch', () => {
    expect(worst([])).toBe(EXIT.ok);
    expect(worst([EXIT.ok, EXIT.conflict])).toBe(EXIT.conflict);
    expect(worst([EXIT.conflict, EXIT.notFound, EXIT.ok])).toBe(EXIT.notFound);
    expect(worst([EXIT.notFound, EXIT.error])).toBe(EXIT.error);
    expect(worst([EXIT.error, EXIT.unreachable, EXIT.usage])).toBe(EXIT.unreachable);
  });

  it('prints a log line as ts LEVEL msg fields', () => {
    expect(
      formatLogLine({
        ts: '2026-12-02T05:00:00.000Z',
        level: 'info',
        pid: 1,
        host: 'h',
        symbol: 'BTCUSDT',
        msg: 'engine transition',
        from: 'starting',
        to: 'running',
      }),
    ).toBe('2026-12-02T05:00:00.000Z INFO  engine transition from="starting" to="running"');
    expect(formatLogLine({ unparsed: 'raw text' })).toBe('raw text');
  });
});
