import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app-harness';
import { freePort } from '../support/orchestrator-process';
import { listenOnLoopback, runFlotilla, type CliRun } from './cli-support';

interface Outcome {
  symbol: string;
  ok: boolean;
  exitCode: number;
  status?: string;
  error?: string;
}

/** An error run: one line on stderr naming the problem, nothing on stdout, never the token. */
function expectError(run: CliRun, code: number, message: RegExp, token: string): void {
  expect({ code: run.code, stdout: run.stdout }).toEqual({ code, stdout: '' });
  expect(run.stderr).toMatch(/^flotilla: .+\n$/);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toContain(token);
}

describe('flotilla CLI through the real binary, against a running service', () => {
  let t: TestApp;
  let url: string;
  let tokenFromFile: string;
  let cwd: string;
  /** Token from the environment (API_TOKEN), the way a CI job passes it. */
  const cli = (...args: string[]) =>
    runFlotilla(args, { env: { FLOTILLA_URL: url, API_TOKEN: tokenFromFile } });

  beforeAll(async () => {
    // No API_TOKEN in the service's config: it writes DATA_DIR/api-token, as on a first start.
    t = await startTestApp({ overrides: { apiToken: undefined } });
    url = await listenOnLoopback(t.http);
    tokenFromFile = (await readFile(join(t.dataDir, 'api-token'), 'utf8')).trim();
    cwd = await mkdtemp(join(tmpdir(), 'flotilla-cli-cwd-'));
    await symlink(t.dataDir, join(cwd, 'data'));
  });

  afterAll(async () => {
    await t?.close();
    if (cwd) await rm(cwd, { recursive: true, force: true });
  });

  it('prints help on stdout and exits 0, for the CLI and for one command', async () => {
    const all = await runFlotilla(['--help']);
    expect({ code: all.code, stderr: all.stderr }).toEqual({ code: 0, stderr: '' });
    expect(all.stdout).toMatch(/Usage: flotilla COMMAND/);
    expect(all.stdout).toMatch(/5 service unreachable/);
    const wait = await runFlotilla(['wait', '--help']);
    expect(wait.code).toBe(0);
    expect(wait.stdout).toMatch(/Usage: flotilla wait SYMBOL --state STATE \[--timeout 30s\]/);
  });

  it.each([
    [['bogus'], /unknown command "bogus"/],
    [['wait', 'BTCUSDT', '--timeout', '5s'], /--state is required/],
    [['wait', 'BTCUSDT', '--state', 'running', '--timeout', '30'], /"30" is not a duration/],
    [['engines', 'ls', '--state', 'asleep'], /"asleep" is not a state/],
    [['kill-switch', 'off', '--flatten'], /--flatten goes with kill-switch on only/],
    [['audit', '--since', 'yesterday'], /neither an ISO-8601 time/],
    [['status', '../x'], /invalid symbol .*\(HTTP 400\)/],
  ])('exits 2 on bad usage: %j', async (args, message) => {
    expectError(await cli(...args), 2, message, tokenFromFile);
  });

  it('starts several engines with the token from API_TOKEN; exit 0, one line each', async () => {
    const run = await cli('start', 'BTCUSDT', 'eth-usdt');
    expect(run).toMatchObject({
      code: 0,
      stderr: '',
      stdout: 'BTCUSDT running\nETHUSDT running\n',
    });
  });

  it('exits 4 when an engine is already running, 3 for an unlisted symbol: the worst of a batch', async () => {
    expectError(
      await cli('start', 'BTCUSDT'),
      4,
      /BTCUSDT is already running \(HTTP 409\)/,
      tokenFromFile,
    );
    const batch = await cli('start', 'SOLUSDT', 'NOPEUSDT', 'BTCUSDT', '--json');
    expect(batch.code).toBe(3);
    expect(JSON.parse(batch.stdout) as Outcome[]).toEqual([
      { symbol: 'SOLUSDT', ok: true, exitCode: 0, status: 'running' },
      {
        symbol: 'NOPEUSDT',
        ok: false,
        exitCode: 3,
        error: expect.stringMatching(/not listed/) as string,
      },
      {
        symbol: 'BTCUSDT',
        ok: false,
        exitCode: 4,
        error: expect.stringMatching(/already running/) as string,
      },
    ]);
    expect(batch.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^flotilla: start NOPEUSDT: .*not listed.*\(HTTP 404\)$/),
      expect.stringMatching(/^flotilla: start BTCUSDT: .*already running.*\(HTTP 409\)$/),
    ]);
  });

  it('exits 3 for an engine that does not exist', async () => {
    expectError(
      await cli('status', 'XRPUSDT'),
      3,
      /no engine for XRPUSDT \(HTTP 404\)/,
      tokenFromFile,
    );
    expectError(await cli('logs', 'XRPUSDT'), 3, /XRPUSDT/, tokenFromFile);
  });

  it('lists the engines as a table, and as exactly one JSON document with --json', async () => {
    const human = await cli('engines', 'ls');
    expect(human.code).toBe(0);
    const [header, ...rows] = human.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^SYMBOL\s+STATE\s+DESIRED\s+UPTIME\s+RESTARTS\s+HEARTBEAT\s+POSITION/);
    expect(rows.filter((r) => /^(BTC|ETH|SOL)USDT\s+running\s+running\s/.test(r))).toHaveLength(3);
    expect(rows.at(-1)).toMatch(/^3 engines: 3 running, 0 crashed, 0 stopped, 0 failed$/);

    const json = await cli('engines', 'ls', '--state', 'running', '--json');
    const fleet = JSON.parse(json.stdout) as {
      total: number;
      engines: { symbol: string; status: string }[];
    };
    expect(fleet.engines.map((e) => e.symbol).sort()).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
    const status = JSON.parse((await cli('status', 'btcusdt', '--json')).stdout) as {
      symbol: string;
    };
    expect(status).toMatchObject({
      symbol: 'BTCUSDT',
      status: 'running',
      desiredStatus: 'running',
    });
  });

  it('waits for a state (exit 0), and exits 6 when the timeout passes first', async () => {
    const ok = await cli('wait', 'BTCUSDT', '--state', 'running', '--timeout', '5s');
    expect(ok).toMatchObject({ code: 0, stdout: 'BTCUSDT running\n', stderr: '' });
    const late = await cli('wait', 'BTCUSDT', '--state', 'stopped,failed', '--timeout', '600ms');
    expectError(
      late,
      6,
      /BTCUSDT was not stopped or failed within 600ms \(it is running\)/,
      tokenFromFile,
    );
    expectError(await cli('wait', 'XRPUSDT', '--state', 'running'), 3, /no engine/, tokenFromFile);
  });

  it('reads the token from DATA_DIR/api-token, and from ./data/api-token by default', async () => {
    const viaDataDir = await runFlotilla(['pause', 'ETHUSDT'], {
      env: { FLOTILLA_URL: url, DATA_DIR: t.dataDir },
    });
    expect(viaDataDir).toMatchObject({ code: 0, stdout: 'ETHUSDT paused\n', stderr: '' });
    const viaCwd = await runFlotilla(['resume', 'ETHUSDT', '--url', url], { cwd });
    expect(viaCwd).toMatchObject({ code: 0, stdout: 'ETHUSDT running\n', stderr: '' });
    // A conflict in a batch: the second pause of the same engine.
    const twice = await runFlotilla(['pause', 'ETHUSDT', 'ETHUSDT'], {
      cwd,
      env: { FLOTILLA_URL: url },
    });
    expect(twice.code).toBe(4);
    expect(twice.stdout).toBe('ETHUSDT paused\n');
    await request(t.http).post('/engines/ETHUSDT/resume').set(t.auth()).expect(200);
  });

  it('exits 1 on a refused token (401) and never prints a token', async () => {
    const wrong = 'wrong-token-0123456789abcdef';
    const run = await runFlotilla(['stop', 'BTCUSDT', '--url', url, '--token', wrong]);
    expectError(run, 1, /401/, tokenFromFile);
    expect(run.stderr).toMatch(/pass --token, set API_TOKEN/);
    expect(run.stderr).not.toContain(wrong);
    const none = await runFlotilla(['positions'], { env: { FLOTILLA_URL: url } });
    expectError(none, 1, /missing bearer token.*\(HTTP 401\)/, tokenFromFile);
  });

  it('exits 5 when nothing listens, naming where it tried; a batch stops trying', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const run = await runFlotilla(['engines', 'ls', '--url', dead]);
    expectError(run, 5, new RegExp(`cannot reach ${dead}: connection refused`), tokenFromFile);
    const batch = await runFlotilla(['stop', 'BTCUSDT', 'ETHUSDT', '--json'], {
      env: { FLOTILLA_URL: dead, API_TOKEN: 'never-shown-token-123456' },
    });
    expect(batch.code).toBe(5);
    const outcomes = JSON.parse(batch.stdout) as Outcome[];
    expect(outcomes.map((o) => [o.symbol, o.exitCode])).toEqual([
      ['BTCUSDT', 5],
      ['ETHUSDT', 5],
    ]);
    expect(outcomes[1].error).toMatch(/^not attempted: cannot reach/);
    const waited = await runFlotilla([
      'wait',
      'BTCUSDT',
      '--state',
      'running',
      '--timeout',
      '500ms',
      '--url',
      dead,
    ]);
    expectError(waited, 6, /within 500ms \(last try: cannot reach/, tokenFromFile);
  });

  it('engages and releases the kill switch, and shows positions and the audit trail', async () => {
    const on = await cli('kill-switch', 'on', '--json');
    expect(on.code).toBe(0);
    expect(JSON.parse(on.stdout)).toMatchObject({ engaged: true, flatten: false });
    expect(await cli('kill-switch', 'off')).toMatchObject({
      code: 0,
      stdout: 'kill switch released\n',
    });

    // The simulator's book trades: positions are whatever the engines hold now.
    const positions = JSON.parse((await cli('positions', '--json')).stdout) as {
      positions: { symbol: string; stopPrice: string | null }[];
      totals: { engines: number; openPositions: number };
    };
    expect(positions.totals.engines).toBe(3);
    expect(positions.positions).toHaveLength(positions.totals.openPositions);
    const shown = (await cli('positions')).stdout;
    expect(shown).toMatch(/^(no open positions|SYMBOL\s+SIDE\s+QTY\s+ENTRY\s+STOP\s)/);
    expect(shown).toMatch(/\n\d+ open over 3 engines; unrealized -?[\d.]+, realized -?[\d.]+\n$/);

    const audit = await cli(
      'audit',
      '--symbol',
      'ETHUSDT',
      '--since',
      '15m',
      '--action',
      'operator.pause',
      '--json',
    );
    const entries = JSON.parse(audit.stdout) as { symbol: string; action: string }[];
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(entries.every((e) => e.symbol === 'ETHUSDT' && e.action === 'operator.pause')).toBe(
      true,
    );
    const table = await cli('audit', '--action', 'operator.kill-switch');
    expect(table.stdout).toMatch(/^TIME\s+ACTION\s+SYMBOL\s+ACTOR\s+TRACE\s+DETAILS\n/);
    expect(table.stdout).toMatch(/operator\.kill-switch/);
  });
});
