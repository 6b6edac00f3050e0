import { logFile, parseLogFileName, selectExpired } from './log-files';

const NOW = Date.UTC(2026, 2, 10, 0, 0, 1); // just after midnight on 2026-03-10

describe('log file names and the retention rule', () => {
  it('reads the names the sink (and winston-daily-rotate-file before it) writes, and no others', () => {
    expect(parseLogFileName('engine-SYN0001USDT-20260310.12.jsonl')).toEqual(
      logFile('engine-SYN0001USDT', '20260310', 12),
    );
    expect(parseLogFileName('orchestrator-20260310.jsonl')?.index).toBe(0);
    expect(logFile('orchestrator', '20260310', 2).name).toBe('orchestrator-20260310.2.jsonl');
    for (const name of [
      'engine-btcusdt-20260310.jsonl',
      'engine-BTCUSDT-20260310.0.jsonl',
      'engine-BTCUSDT-2026031.jsonl',
      'engine-BTCUSDT-20260310.jsonl.gz',
      'audit-20260310.jsonl',
    ])
      expect(parseLogFileName(name)).toBeNull();
  });

  it('expires by day first, then the oldest beyond maxFiles, never the file being written', () => {
    const files = [
      logFile('orchestrator', '20260301', 0),
      logFile('orchestrator', '20260308', 0),
      logFile('orchestrator', '20260308', 1),
      logFile('orchestrator', '20260309', 0),
      logFile('orchestrator', '20260310', 0),
    ];
    const names = (policy: { retentionDays: number; maxFiles: number }, active?: string) =>
      selectExpired(files, policy, NOW, active).map((f) => f.name);

    expect(names({ retentionDays: 14, maxFiles: 10 })).toEqual([]);
    expect(names({ retentionDays: 2, maxFiles: 10 })).toEqual(['orchestrator-20260301.jsonl']);
    expect(names({ retentionDays: 1, maxFiles: 10 })).toEqual([
      'orchestrator-20260301.jsonl',
      'orchestrator-20260308.jsonl',
      'orchestrator-20260308.1.jsonl',
    ]);
    expect(names({ retentionDays: 14, maxFiles: 2 })).toEqual([
      'orchestrator-20260301.jsonl',
      'orchestrator-20260308.jsonl',
      'orchestrator-20260308.1.jsonl',
    ]);
    // A stream still open on an old day (no line since midnight) keeps its file.
    expect(names({ retentionDays: 0, maxFiles: 2 }, 'orchestrator-20260309.jsonl')).toEqual([
      'orchestrator-20260301.jsonl',
      'orchestrator-20260308.jsonl',
      'orchestrator-20260308.1.jsonl',
    ]);
  });
});
