import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSinkTransport } from './file-sink-transport';
import { createLogging, type Logging, type LoggingOptions } from './logging';
import { prettyLine } from './pretty-line';
import { resolveStdoutFormat } from './stdout-format';
import { TraceContext } from './trace-context';

const today = () => new Date().toISOString().slice(0, 10).replace(/-/g, '');

describe('log lines on stdout and in files', () => {
  let dir: string;
  let logging: Logging | undefined;
  let stdout: string[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flotilla-stdout-'));
    stdout = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(String(chunk));
      return true;
    });
  });
  afterEach(async () => {
    await logging?.close();
    logging = undefined;
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (extra: Partial<LoggingOptions>): Logging =>
    (logging = createLogging({
      dataDir: dir,
      level: 'info',
      maxFileSizeMb: 50,
      retentionDays: 14,
      console: true,
      ...extra,
    }));
  const fileLines = (stem: string) =>
    readFileSync(join(dir, 'logs', `${stem}-${today()}.jsonl`), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it('json: stdout is strict JSONL, the same lines as the files, each with pid and host', async () => {
    const log = open({ consoleFormat: 'json' });
    TraceContext.run('req-1', () => log.forSymbol('BTCUSDT').warn('two\nlines "quoted"', { n: 1 }));
    log.root.info('plain');
    await log.flush();
    const printed = stdout
      .join('')
      .split('\n')
      .filter((l) => l !== '');
    expect(printed).toHaveLength(2);
    const parsed = printed.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const line of [...parsed, ...fileLines('orchestrator'), ...fileLines('engine-BTCUSDT')]) {
      expect(line).toMatchObject({ pid: process.pid, host: hostname() });
    }
    expect(parsed[0]).toEqual(fileLines('engine-BTCUSDT')[0]);
    expect(parsed[0]).toMatchObject({ symbol: 'BTCUSDT', requestId: 'req-1', n: 1 });
  });

  it('pretty: one readable line per record, the files stay JSONL', async () => {
    const log = open({ consoleFormat: 'pretty' });
    log.forSymbol('BTCUSDT').info('engine transition', { from: 'starting', to: 'running' });
    await log.flush();
    const printed = stdout.join('');
    expect(printed).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} INFO {2}\[BTCUSDT\] engine transition from=starting to=running\n$/,
    );
    expect(fileLines('engine-BTCUSDT')[0]).toMatchObject({ msg: 'engine transition' });
  });

  it('carries every line to the files through winston (our transport)', async () => {
    const carried = jest.spyOn(FileSinkTransport.prototype, 'log');
    const log = open({ console: false });
    log.root.info('one');
    log.forSymbol('ETHUSDT').info('two');
    await log.flush();
    expect(carried).toHaveBeenCalledTimes(2);
    expect(fileLines('orchestrator').map((l) => l.msg)).toEqual(['one']);
    expect(stdout).toEqual([]);
  });

  it('defaults to pretty only on a TTY outside production', () => {
    expect(resolveStdoutFormat(undefined, { isTTY: true }, undefined)).toBe('pretty');
    expect(resolveStdoutFormat(undefined, { isTTY: false }, undefined)).toBe('json');
    expect(resolveStdoutFormat(undefined, {}, undefined)).toBe('json');
    expect(resolveStdoutFormat(undefined, { isTTY: true }, 'production')).toBe('json');
    expect(resolveStdoutFormat('json', { isTTY: true }, undefined)).toBe('json');
    expect(resolveStdoutFormat('pretty', { isTTY: false }, 'production')).toBe('pretty');
  });

  it('pretty-prints fields that need quoting and leaves a non-JSON line as it is', () => {
    const line = JSON.stringify({
      ts: '2026-12-01T10:00:00.000Z',
      level: 'error',
      pid: 1,
      host: 'h',
      msg: 'm',
      why: 'a b',
    });
    expect(prettyLine(line)).toBe('10:00:00.000 ERROR m why="a b"');
    expect(prettyLine('not json')).toBe('not json');
  });
});
