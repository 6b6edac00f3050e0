import type { BybitVenue } from '@flotilla/venue';
import { LazyVenuePort } from './lazy-venue-port';

describe('LazyVenuePort', () => {
  it('connects once on first use, retries a failed connect on the next call, and closes on shutdown', async () => {
    const close = jest.fn(async () => undefined);
    const port = { balance: jest.fn(async () => 'balance'), close } as unknown as BybitVenue;
    const connect = jest
      .fn<Promise<BybitVenue>, []>()
      .mockRejectedValueOnce(new Error('venue down'))
      .mockResolvedValue(port);
    const lazy = new LazyVenuePort(connect);
    expect(connect).not.toHaveBeenCalled();
    await expect(lazy.balance()).rejects.toThrow('venue down');
    await expect(lazy.balance()).resolves.toBe('balance');
    await expect(lazy.balance()).resolves.toBe('balance');
    expect(connect).toHaveBeenCalledTimes(2);
    await lazy.onApplicationShutdown();
    expect(close).toHaveBeenCalledTimes(1);
  });
});
