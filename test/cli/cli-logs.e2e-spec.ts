import request from 'supertest';
import { startTestApp, waitFor, type TestApp } from '../support/app-harness';
import { listenOnLoopback, runFlotilla, spawnFlotilla, type FollowingCli } from './cli-support';

interface LogsJson {
  symbol: string;
  lines: Record<string, unknown>[];
  cursor: string;
}

describe('flotilla logs through the real binary', () => {
  let t: TestApp;
  let env: Record<string, string>;
  const following: FollowingCli[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    env = { FLOTILLA_URL: await listenOnLoopback(t.http), API_TOKEN: t.token };
    await request(t.http).post('/engines/start/BTCUSDT').set(t.auth()).expect(201);
    await waitFor(async () => {
      const res = await request(t.http).get('/engines/BTCUSDT/logs').set(t.auth());
      return (res.body as LogsJson).lines.length > 0;
    }, 5000);
  });

  afterAll(async () => {
    await Promise.all(following.map((f) => f.stop()));
    await t?.close();
  });

  it('prints the last lines as text, or one JSON document with --json', async () => {
    const json = await runFlotilla(['logs', 'BTCUSDT', '--lines', '2', '--json'], { env });
    expect(json).toMatchObject({ code: 0, stderr: '' });
    const page = JSON.parse(json.stdout) as LogsJson;
    expect(page.symbol).toBe('BTCUSDT');
    expect(page.lines.length).toBeGreaterThan(0);
    expect(page.lines.length).toBeLessThanOrEqual(2);
    expect(page.lines.every((l) => l.symbol === 'BTCUSDT')).toBe(true);

    const text = await runFlotilla(['logs', 'BTCUSDT', '-n', '3'], { env });
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(3);
    for (const line of lines)
      expect(line).toMatch(/^\d{4}-\d\d-\d\dT\S+Z (DEBUG|INFO |WARN |ERROR) /);
    expect(text.stdout).not.toContain(t.token);
  });

  it('refuses --lines out of range with exit 2 before calling the service', async () => {
    const run = await runFlotilla(['logs', 'BTCUSDT', '--lines', '5000'], { env });
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(
      /^flotilla: --lines "5000" must be a whole number from 1 to 1000\n$/,
    );
  });

  it('--follow prints a line written after it started', async () => {
    const follow = spawnFlotilla(['logs', 'BTCUSDT', '--follow', '--lines', '1'], { env });
    following.push(follow);
    await waitFor(() => follow.stdout().length > 0, 20_000, 'the first line');
    expect(follow.stdout()).not.toMatch(/to="paused"/);
    await request(t.http).post('/engines/BTCUSDT/pause').set(t.auth()).expect(200);
    await waitFor(
      () => /engine transition .*to="paused"/.test(follow.stdout()),
      10_000,
      'the pause',
    );
    expect(follow.child.exitCode).toBeNull();
    expect(follow.stderr()).toBe('');
    await follow.stop();
    await request(t.http).post('/engines/BTCUSDT/resume').set(t.auth()).expect(200);
  });

  it('--follow --json prints one JSON object per line', async () => {
    const follow = spawnFlotilla(['logs', 'BTCUSDT', '--follow', '--json', '--lines', '3'], {
      env,
    });
    following.push(follow);
    await waitFor(() => follow.stdout().split('\n').length > 3, 20_000, 'three lines');
    await follow.stop();
    const lines = follow.stdout().split('\n').filter(Boolean);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ symbol: 'BTCUSDT' });
  });
});
