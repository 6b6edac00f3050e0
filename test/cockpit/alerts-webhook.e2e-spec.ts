import { SystemClock, isoUtc, silentLogger } from '@flotilla/core';
import { CockpitBus } from '../../apps/orchestrator/src/cockpit/cockpit-bus';
import { AlertService } from '../../apps/orchestrator/src/cockpit/alerts/alert.service';
import { WebhookSender } from '../../apps/orchestrator/src/cockpit/alerts/webhook-sender';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { waitFor } from '../support/wait-for';

/** The real sender over a real socket with Node's fetch; delays scaled down, the schedule kept. */
describe('alert webhook against a local receiver that fails twice then accepts', () => {
  let receiver: WebhookReceiver;
  let alerts: AlertService;
  let sender: WebhookSender;

  beforeEach(async () => {
    receiver = await startWebhookReceiver([500, 500]);
    sender = new WebhookSender({
      url: receiver.url,
      clock: new SystemClock(),
      logger: silentLogger,
      initialDelayMs: 40,
      maxDelayMs: 1_000,
      timeoutMs: 2_000,
      random: () => 1,
    });
    alerts = new AlertService({
      clock: new SystemClock(),
      logger: silentLogger,
      bus: new CockpitBus(),
      delivery: sender,
    });
  });

  afterEach(async () => {
    alerts.close();
    await receiver.close();
  });

  it('arrives once, with the alert as JSON, on the third try after backing off 40 then 80 ms', async () => {
    const alert = {
      cause: 'engine.failed' as const,
      severity: 'critical' as const,
      symbol: 'BTCUSDT',
      message: 'BTCUSDT: engine failed',
      at: isoUtc(Date.now()),
      details: { restartCount: 5, lastError: 'injected fault: crash' },
    };
    expect(alerts.raise(alert)).toBe(true);
    expect(alerts.raise({ ...alert, at: isoUtc(Date.now()) })).toBe(false);
    await waitFor(() => receiver.accepted().length === 1, 5_000, 'the alert to be accepted');
    await sender.idle();
    expect(receiver.calls.map((c) => c.status)).toEqual([500, 500, 200]);
    expect(receiver.accepted()).toEqual([alert]);
    const [first, second, third] = receiver.calls;
    expect(third.method).toBe('POST');
    expect(third.headers['content-type']).toBe('application/json');
    expect(second.atMs - first.atMs).toBeGreaterThanOrEqual(35);
    expect(third.atMs - second.atMs).toBeGreaterThanOrEqual(75);
    expect(sender.stats).toMatchObject({ delivered: 1, failed: 0, attempts: 3, queued: 0 });
  });
});
