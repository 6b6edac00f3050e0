import { InvalidOrder, RequestTimeout } from 'ccxt';
import { VenueError } from '@flotilla/engine';
import { CircuitOpenError, VenueGuard, type BreakerState } from './venue-guard';

const timeout = () => Promise.reject(new RequestTimeout('request timed out'));
const refusal = () =>
  Promise.reject(new InvalidOrder('bybit {"retCode":110094,"retMsg":"too small"}'));

async function fail(guard: VenueGuard, times: number): Promise<void> {
  for (let i = 0; i < times; i++)
    await expect(guard.entry(timeout)).rejects.toThrow(RequestTimeout);
}

describe('VenueGuard', () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.UTC(2026, 0, 1) }));
  afterEach(() => jest.useRealTimers());

  it('opens after 5 consecutive failures and then refuses entries without calling the venue', async () => {
    const states: BreakerState[] = [];
    const guard = new VenueGuard({ onStateChange: (s) => states.push(s) });
    await fail(guard, 4);
    expect(guard.state).toBe('closed');
    await fail(guard, 1);
    expect(guard.state).toBe('open');
    const call = jest.fn(() => Promise.resolve('sent'));
    await expect(guard.entry(call)).rejects.toThrow(CircuitOpenError);
    expect(call).not.toHaveBeenCalled();
    expect(states).toEqual(['open']);
  });

  it('does not count refusals: the venue answering "no" is a healthy venue', async () => {
    const guard = new VenueGuard();
    await fail(guard, 4);
    await expect(guard.entry(refusal)).rejects.toThrow(InvalidOrder);
    await fail(guard, 4);
    expect(guard.state).toBe('closed');
  });

  it('half-opens after 30 s and closes on a successful probe', async () => {
    const states: BreakerState[] = [];
    const guard = new VenueGuard({ onStateChange: (s) => states.push(s) });
    await fail(guard, 5);
    jest.setSystemTime(Date.now() + 29_999);
    await expect(guard.entry(() => Promise.resolve(1))).rejects.toThrow(CircuitOpenError);
    jest.setSystemTime(Date.now() + 1);
    await expect(guard.entry(() => Promise.resolve(2))).resolves.toBe(2);
    expect(guard.state).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('keeps a protective call retrying through an open circuit until the venue answers', async () => {
    const guard = new VenueGuard();
    await fail(guard, 5);
    let venueUp = false;
    const attempts: number[] = [];
    const stop = guard.protective(async (n) => {
      attempts.push(n);
      if (!venueUp) throw new RequestTimeout('still down');
      return 'stop placed';
    });
    venueUp = true;
    await jest.advanceTimersByTimeAsync(45_000);
    await expect(stop).resolves.toBe('stop placed');
    // every attempt before the half-open bounced off the circuit without reaching the venue
    expect(attempts).toHaveLength(1);
    expect(guard.state).toBe('closed');
  });

  it('retries a retryable failure on its schedule and gives up after maxAttempts', async () => {
    const guard = new VenueGuard({
      consecutiveFailures: 100,
      protectiveRetry: { maxAttempts: 3, initialDelayMs: 10, maxDelayMs: 20 },
    });
    const attempts: number[] = [];
    const call = guard.protective(async (n) => {
      attempts.push(n);
      throw new VenueError('retryable', 'rate limited', 10006);
    });
    const settled = call.catch((err: unknown) => err);
    await jest.advanceTimersByTimeAsync(1000);
    expect(await settled).toMatchObject({ message: 'rate limited' });
    expect(attempts).toEqual([0, 1, 2, 3]);
  });
});
