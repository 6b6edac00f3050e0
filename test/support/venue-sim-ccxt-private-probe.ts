/**
 * Child process (like venue-sim-ccxt-probe.ts) holding keyed ccxt bybit / ccxt.pro.bybit clients
 * for the private side: REST trading calls and the four private watch* streams, over IPC.
 * argv: restUrl wsPublicUrl wsPrivateUrl apiKey secret.
 */
import * as ccxt from 'ccxt';

type Call = { id: number; method: string; args: unknown[] };

const [restUrl, wsPublicUrl, wsPrivateUrl, apiKey, secret] = process.argv.slice(2);
const config = {
  apiKey,
  secret,
  urls: {
    api: {
      public: restUrl,
      private: restUrl,
      ws: {
        public: { linear: wsPublicUrl },
        private: { contract: wsPrivateUrl, trade: wsPrivateUrl.replace('/private', '/trade') },
      },
    },
  },
  options: { fetchMarkets: { types: ['linear'] }, defaultType: 'swap' },
} as unknown as ConstructorParameters<typeof ccxt.bybit>[0];
const rest = new ccxt.bybit(config);
const pro = new ccxt.pro.bybit(config);

/** Watches started by `startWatches`, settled or not; `result` awaits one. */
const watches = new Map<string, Promise<unknown>>();

function keep(name: string, watch: Promise<unknown>): void {
  // The rejection is delivered by `result`; a dangling one must not kill the probe meanwhile.
  watch.catch(() => undefined);
  watches.set(name, watch);
}

const methods: Record<string, (...args: never[]) => Promise<unknown>> = {
  /** Opens the four private streams; resolves once the REST position snapshot is in. */
  startWatches: async (symbol: string) => {
    await Promise.all([rest.loadMarkets(), pro.loadMarkets()]);
    await pro.loadHttpProxyAgent();
    keep('orders', pro.watchOrders(symbol));
    keep('myTrades', pro.watchMyTrades(symbol));
    keep('balance', pro.watchBalance());
    const snapshot = await pro.watchPositions([symbol]);
    keep('positions', pro.watchPositions([symbol]));
    return { snapshotPositions: snapshot.length };
  },
  /** One more watchOrders, e.g. after the socket was dropped (ccxt reconnects and re-auths). */
  rewatchOrders: async (symbol: string) => {
    keep('orders', pro.watchOrders(symbol));
    return true;
  },
  result: async (name: string) => {
    const watch = watches.get(name);
    if (!watch) throw new Error(`no watch ${name}`);
    return watch;
  },
  createOrder: async (
    symbol: string,
    type: 'market' | 'limit',
    side: 'buy' | 'sell',
    amount: number,
    price?: number,
  ) => rest.createOrder(symbol, type, side, amount, price),
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
