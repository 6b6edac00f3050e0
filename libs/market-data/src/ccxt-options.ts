export type BybitTarget = 'live' | 'testnet' | { restUrl: string };

export const BYBIT_ENDPOINTS = {
  live: {
    restUrl: 'https://api.bybit.com',
    wsPublicUrl: 'wss://stream.bybit.com/v5/public/linear',
  },
  testnet: {
    restUrl: 'https://api-testnet.bybit.com',
    wsPublicUrl: 'wss://stream-testnet.bybit.com/v5/public/linear',
  },
} as const;

/**
 * ccxt bybit constructor options: linear perpetuals only, public endpoints only (no fetchCurrencies,
 * no private instruments-info, no time sync), so loadMarkets needs no API key. A restUrl points
 * every API family at that base, which is how the simulated exchange is reached.
 */
export function bybitCcxtOptions(target: BybitTarget, timeoutMs = 10_000): Record<string, unknown> {
  const options = {
    defaultType: 'swap',
    fetchMarkets: { types: ['linear'], usePrivateInstrumentsInfo: false },
    adjustForTimeDifference: false,
  };
  const base = {
    enableRateLimit: true,
    timeout: timeoutMs,
    has: { fetchCurrencies: false },
    options,
  };
  if (target === 'live') return base;
  if (target === 'testnet') return { ...base, sandbox: true };
  const url = target.restUrl.replace(/\/+$/, '');
  return {
    ...base,
    urls: { api: { spot: url, futures: url, v2: url, public: url, private: url } },
  };
}
