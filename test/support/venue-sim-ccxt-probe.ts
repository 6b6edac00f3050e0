/**
 * Child process that drives real ccxt bybit / ccxt.pro.bybit clients against a venue-sim.
 * Jest cannot load ccxt (its crypto deps are ESM that only Node's require(esm) handles), so
 * e2e tests run ccxt here and talk to it over IPC: {id, method, args} -> {id, result | error}.
 */
import * as ccxt from 'ccxt';

type Book = { bids: number[][]; asks: number[][] };
type Call = { id: number; method: string; args: unknown[] };

const [restUrl, wsPublicUrl] = process.argv.slice(2);
const config = {
  urls: { api: { public: restUrl, private: restUrl, ws: { public: { linear: wsPublicUrl } } } },
  options: { fetchMarkets: { types: ['linear'] }, defaultType: 'swap' },
} as unknown as ConstructorParameters<typeof ccxt.bybit>[0];
const rest = new ccxt.bybit(config);
const pro = new ccxt.pro.bybit(config);

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const sameLevels = (a: number[][], b: number[][]): boolean =>
  a.length === b.length && a.every((level, i) => level[0] === b[i][0] && level[1] === b[i][1]);

function topOf(symbol: string, depth: number): Book | undefined {
  const book = pro.orderbooks[symbol];
  if (!book) return undefined;
  return {
    bids: book.bids.slice(0, depth) as number[][],
    asks: book.asks.slice(0, depth) as number[][],
  };
}

const methods: Record<string, (...args: never[]) => Promise<unknown>> = {
  loadMarkets: async () => {
    const markets = await rest.loadMarkets();
    return Object.values(markets).map((m) => ({
      symbol: m?.symbol,
      id: m?.id,
      type: m?.type,
      linear: m?.linear,
      active: m?.active,
      settle: m?.settle,
      precision: m?.precision,
      limits: m?.limits,
      info: m?.info as unknown,
    }));
  },
  fetchOrderBook: async (symbol: string, limit: number) => {
    const book = await rest.fetchOrderBook(symbol, limit);
    return { bids: book.bids, asks: book.asks };
  },
  fetchTicker: async (symbol: string) => rest.fetchTicker(symbol),
  watchOrderBook: async (symbol: string, limit: number) => {
    await pro.loadHttpProxyAgent();
    const book = await pro.watchOrderBook(symbol, limit);
    return {
      bids: book.bids.slice(0, limit),
      asks: book.asks.slice(0, limit),
      count: book.bids.length,
    };
  },
  /** Resolves once the pro client's local book equals the expected top levels. */
  bookUntil: async (symbol: string, expected: Book, depth: number, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const top = topOf(symbol, depth);
      if (top && sameLevels(top.bids, expected.bids) && sameLevels(top.asks, expected.asks)) {
        return { matched: true, ...top, total: pro.orderbooks[symbol].bids.length };
      }
      if (Date.now() > deadline) return { matched: false, ...top };
      await Promise.race([pro.watchOrderBook(symbol, depth), delay(20)]);
    }
  },
  watchTrades: async (symbol: string) => {
    await pro.loadHttpProxyAgent();
    return pro.watchTrades(symbol);
  },
  watchTicker: async (symbol: string) => {
    await pro.loadHttpProxyAgent();
    return pro.watchTicker(symbol);
  },
  close: async () => {
    await pro.close();
    return true;
  },
};

process.on('message', (message: Call) => {
  const method = methods[message.method];
  const run = method
    ? method(...(message.args as never[]))
    : Promise.reject(new Error(`no method ${message.method}`));
  run.then(
    (result) =>
      process.send?.({
        id: message.id,
        result: JSON.parse(JSON.stringify(result ?? null)) as unknown,
      }),
    (error: unknown) =>
      process.send?.({
        id: message.id,
        error: error instanceof Error ? error.message : String(error),
      }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.({ id: 0, result: 'ready' });
