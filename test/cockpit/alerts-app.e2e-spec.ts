import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, waitFor, waitForStatus, type TestApp } from '../support/app-harness';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

interface AlertBody {
  cause: string;
  severity: string;
  symbol: string | null;
  message: string;
  at: string;
  details: Record<string, unknown>;
}

async function orchestratorLog(dataDir: string): Promise<Record<string, unknown>[]> {
  const dir = join(dataDir, 'logs');
  const files = (await readdir(dir)).filter((f) => f.startsWith('orchestrator-'));
  const texts = await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')));
  return texts
    .join('\n')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The real app with ALERT_WEBHOOK_URL on a local receiver that refuses its first two requests. */
describe('alerts through the real app (ALERT_WEBHOOK_URL set)', () => {
  let receiver: WebhookReceiver;
  let t: TestApp;

  beforeAll(async () => {
    receiver = await startWebhookReceiver([500, 500]);
    t = await startTestApp({
      faultInjection: true,
      overrides: { alertWebhookUrl: receiver.url, recovery: { maxRestartsPerHour: 0 } },
    });
  });

  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  const accepted = () => receiver.accepted() as AlertBody[];

  it('the kill switch engaged over HTTP reaches the receiver once, after its two refusals', async () => {
    await request(t.http)
      .post('/trading/kill-switch')
      .set(t.auth())
      .send({ engaged: true })
      .expect(200);
    // Backoff 1 s then 2 s, equal jitter: the third try lands 1.5-3 s later.
    await waitFor(() => accepted().length === 1, 6_000, 'the kill-switch alert');
    expect(receiver.calls.map((c) => c.status)).toEqual([500, 500, 200]);
    expect(accepted()[0]).toMatchObject({
      cause: 'kill-switch',
      severity: 'critical',
      symbol: null,
      message: 'kill switch engaged: entries blocked fleet-wide',
      details: { engaged: true, flatten: false, actor: 'operator' },
    });
    expect(Date.parse(accepted()[0].at)).not.toBeNaN();
  });

  it('releasing it sends an info alert at once', async () => {
    await request(t.http)
      .post('/trading/kill-switch')
      .set(t.auth())
      .send({ engaged: false })
      .expect(200);
    await waitFor(() => accepted().length === 2, 3_000, 'the release alert');
    expect(accepted()[1]).toMatchObject({ cause: 'kill-switch', severity: 'info' });
  });

  it('an engine driven to failed (no restarts allowed) raises engine.failed for its symbol', async () => {
    await request(t.http).post('/engines/start/BTCUSDT').set(t.auth()).expect(201);
    await waitForStatus(t, 'BTCUSDT', (s) => s.eventsProcessed > 0, 3_000, 'BTCUSDT to see events');
    await request(t.http)
      .post('/engines/BTCUSDT/faults')
      .set(t.auth())
      .send({ type: 'crash' })
      .expect(200);
    await waitForStatus(t, 'BTCUSDT', (s) => s.status === 'failed', 3_000, 'BTCUSDT to fail');
    const alert = await waitFor(
      () => accepted().find((a) => a.cause === 'engine.failed'),
      3_000,
      'the engine.failed alert',
    );
    expect(alert).toMatchObject({
      severity: 'critical',
      symbol: 'BTCUSDT',
      details: { lastError: expect.stringMatching(/injected fault: crash/) as string },
    });
  });

  it('never sends the API token, and logs every alert as an ALERT line', async () => {
    for (const call of receiver.calls) expect(call.text).not.toContain(t.token);
    await t.closeApp();
    // The AlertService's lines carry the dedupe key (the supervisor has its own ALERT lines).
    const lines = (await orchestratorLog(t.dataDir)).filter(
      (l) => String(l.msg).startsWith('ALERT ') && typeof l.key === 'string',
    );
    expect(lines.map((l) => [l.msg, l.level, l.alert, l.key])).toEqual([
      [
        'ALERT kill-switch: kill switch engaged: entries blocked fleet-wide',
        'error',
        'kill-switch',
        'kill-switch:*',
      ],
      ['ALERT kill-switch: kill switch released', 'info', 'kill-switch', 'kill-switch:*'],
      [
        'ALERT engine.failed: BTCUSDT: engine failed',
        'error',
        'engine.failed',
        'engine.failed:BTCUSDT',
      ],
    ]);
  });
});
