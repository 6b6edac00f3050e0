import { CCXT_RATE_LIMIT_MS, createBybitClient, markWsSendsHandled } from './bybit-client';

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

describe('markWsSendsHandled', () => {
  it('a send on a closed socket that nobody awaits is not an unhandled rejection; an awaited one still rejects', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const client = {
        send: (_m: unknown) => Promise.reject(new Error('WebSocket is not open: readyState 3')),
      };
      const exchange = { client: (_url: string) => client };
      markWsSendsHandled(exchange);
      const wrapped = exchange.client('ws://x');
      void wrapped.send('dropped, as ccxt.pro does after its throttle');
      await expect(wrapped.send('awaited')).rejects.toThrow('WebSocket is not open');
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).toEqual([]);
      expect(exchange.client('ws://x')).toBe(wrapped);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
