import { ManualClock, silentLogger, type StructuredLogger } from '@flotilla/core';
import { WebhookSender, type FetchLike } from './webhook-sender';

/** Lets the sender's awaited fetch answers run; no timer is involved. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Call {
  atMs: number;
  body: unknown;
  signal: AbortSignal;
}

/** A receiver answering each call with the next scripted status; 'hang' never answers (until aborted). */
function receiver(
  clock: ManualClock,
  script: (number | 'hang')[],
  fallback: number | 'hang' = 200,
) {
  const calls: Call[] = [];
  const fetch: FetchLike = (_url, init) => {
    calls.push({ atMs: clock.now(), body: JSON.parse(init.body), signal: init.signal });
    const answer = script.shift() ?? fallback;
    if (answer !== 'hang') return Promise.resolve({ status: answer });
    return new Promise((_, reject) =>
      init.signal.addEventListener('abort', () => reject(new Error('aborted'))),
    );
  };
  return { calls, fetch };
}

function recordingLogger(): StructuredLogger & { lines: { msg: string; fields: unknown }[] } {
  const lines: { msg: string; fields: unknown }[] = [];
  const push = (msg: string, fields?: unknown) => lines.push({ msg, fields });
  return { lines, debug: push, info: push, warn: push, error: push };
}

async function advance(clock: ManualClock, ms: number, step = 100): Promise<void> {
  await flush();
  for (let done = 0; done < ms; done += step) {
    clock.advance(Math.min(step, ms - done));
    await flush();
  }
}

describe('WebhookSender', () => {
  const start = Date.UTC(2026, 0, 1);

  it('retries a failing receiver with exponential backoff (1 s doubling, jitter off at r=1) and gives up after 5 tries', async () => {
    const clock = new ManualClock(start);
    const { calls, fetch } = receiver(clock, [], 500);
    const logger = recordingLogger();
    const sender = new WebhookSender({ url: 'http://hook', clock, logger, fetch, random: () => 1 });
    sender.send({ n: 1 });
    await advance(clock, 60_000);
    expect(calls.map((c) => c.atMs - start)).toEqual([0, 1_000, 3_000, 7_000, 15_000]);
    expect(sender.stats).toMatchObject({ delivered: 0, failed: 1, attempts: 5, queued: 0 });
    expect(logger.lines.at(-1)).toEqual({
      msg: 'alert webhook gave up',
      fields: { attempts: 5, error: 'HTTP 500' },
    });
  });

  it('jitters each delay within [base/2, base] and caps the base at maxDelayMs', async () => {
    const clock = new ManualClock(start);
    const { calls, fetch } = receiver(clock, [], 503);
    const sender = new WebhookSender({
      url: 'http://hook',
      clock,
      logger: silentLogger,
      fetch,
      maxAttempts: 8,
      random: () => 0,
    });
    sender.send({ n: 1 });
    await advance(clock, 200_000, 250);
    const gaps = calls.slice(1).map((c, i) => c.atMs - calls[i].atMs);
    // base 1, 2, 4, 8, 16, 30 (capped), 30 s; r=0 takes the lower half.
    expect(gaps).toEqual([500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000]);
  });

  it('delivers once after two failures, then sends the next payload in order', async () => {
    const clock = new ManualClock(start);
    const { calls, fetch } = receiver(clock, [500, 500, 200, 200]);
    const sender = new WebhookSender({ url: 'http://hook', clock, logger: silentLogger, fetch });
    sender.send({ n: 1 });
    sender.send({ n: 2 });
    await advance(clock, 10_000);
    expect(calls.map((c) => c.body)).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }, { n: 2 }]);
    expect(sender.stats).toMatchObject({ delivered: 2, failed: 0, attempts: 4 });
  });

  it('aborts a try that does not answer within timeoutMs and retries it', async () => {
    const clock = new ManualClock(start);
    const { calls, fetch } = receiver(clock, ['hang', 200]);
    const logger = recordingLogger();
    const sender = new WebhookSender({
      url: 'http://hook',
      clock,
      logger,
      fetch,
      timeoutMs: 2_000,
      random: () => 1,
    });
    sender.send({ n: 1 });
    await advance(clock, 1_900);
    expect(calls).toHaveLength(1);
    expect(calls[0].signal.aborted).toBe(false);
    await advance(clock, 200);
    expect(calls[0].signal.aborted).toBe(true);
    await advance(clock, 1_000);
    expect(calls.map((c) => c.atMs - start)).toEqual([0, 3_000]);
    expect(sender.stats.delivered).toBe(1);
    expect(logger.lines[0]).toMatchObject({
      fields: { attempt: 1, error: 'no answer within 2000 ms' },
    });
  });

  it('does not retry a 4xx other than 408/429', async () => {
    const clock = new ManualClock(start);
    const { calls, fetch } = receiver(clock, [404, 200]);
    const sender = new WebhookSender({ url: 'http://hook', clock, logger: silentLogger, fetch });
    sender.send({ n: 1 });
    await advance(clock, 60_000);
    expect(calls).toHaveLength(1);
    expect(sender.stats).toMatchObject({ delivered: 0, failed: 1 });
  });

  it('bounds the queue: beyond maxQueue the oldest waiting payload is dropped and counted', async () => {
    const clock = new ManualClock(start);
    const { calls, fetch } = receiver(clock, ['hang']);
    const logger = recordingLogger();
    const sender = new WebhookSender({
      url: 'http://hook',
      clock,
      logger,
      fetch,
      maxQueue: 3,
      timeoutMs: 1_000,
      random: () => 1,
    });
    for (let n = 1; n <= 6; n++) sender.send({ n });
    await flush();
    // n=1 is in flight; 2..6 queued into 3 places: 2 and 3 dropped.
    expect(sender.stats).toMatchObject({ queued: 3, dropped: 2 });
    expect(logger.lines.filter((l) => l.msg.includes('queue full')).map((l) => l.fields)).toEqual([
      { dropped: 1, maxQueue: 3 },
      { dropped: 2, maxQueue: 3 },
    ]);
    await advance(clock, 10_000);
    expect(calls.map((c) => (c.body as { n: number }).n)).toEqual([1, 1, 4, 5, 6]);
  });

  it('close aborts the try in flight, drops the queue and sends nothing more', async () => {
    const clock = new ManualClock(start);
    const { calls, fetch } = receiver(clock, ['hang']);
    const sender = new WebhookSender({ url: 'http://hook', clock, logger: silentLogger, fetch });
    sender.send({ n: 1 });
    sender.send({ n: 2 });
    await flush();
    sender.close();
    await sender.idle();
    expect(calls[0].signal.aborted).toBe(true);
    sender.send({ n: 3 });
    await advance(clock, 60_000);
    expect(calls).toHaveLength(1);
    expect(clock.pendingTimers).toBe(0);
  });
});
