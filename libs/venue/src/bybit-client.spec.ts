import { CCXT_RATE_LIMIT_MS, createBybitClient } from './bybit-client';

describe('createBybitClient', () => {
  it("keeps ccxt's throttle on, at CCXT_RATE_LIMIT_MS per cost unit unless told otherwise", async () => {
    const options = { apiKey: 'k', secret: 's', restUrl: 'http://127.0.0.1:9' };
    const byDefault = (await createBybitClient(options)) as unknown as {
      enableRateLimit: boolean;
      rateLimit: number;
      close(): Promise<unknown>;
    };
    expect(byDefault.enableRateLimit).toBe(true);
    expect(byDefault.rateLimit).toBe(CCXT_RATE_LIMIT_MS);
    const slower = (await createBybitClient({ ...options, rateLimitMs: 20 })) as unknown as {
      rateLimit: number;
      close(): Promise<unknown>;
    };
    expect(slower.rateLimit).toBe(20);
    await byDefault.close();
    await slower.close();
  });
});
