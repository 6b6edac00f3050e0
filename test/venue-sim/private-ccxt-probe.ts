/**
 * Child process driving authenticated ccxt bybit clients against a venue-sim's private REST (Jest
 * cannot load ccxt; see test/support/venue-sim-ccxt-probe.ts). Each call names its credentials;
 * refusals come back as {error: {name, message}} with ccxt's class name, never as a rejection.
 */
import * as ccxt from 'ccxt';

interface Call {
  id: number;
  creds: { apiKey: string; secret: string; timeDifference?: number };
  method: string;
  args: unknown[];
}

const [restUrl] = process.argv.slice(2);
const clients = new Map<string, ccxt.bybit>();

function clientFor(creds: Call['creds']): ccxt.bybit {
  const id = `${creds.apiKey}\u0000${creds.secret}\u0000${creds.timeDifference ?? 0}`;
  let client = clients.get(id);
  if (!client) {
    client = new ccxt.bybit({
      apiKey: creds.apiKey,
      secret: creds.secret,
      urls: { api: { public: restUrl, private: restUrl } },
      options: {
        fetchMarkets: { types: ['linear'] },
        defaultType: 'swap',
        timeDifference: creds.timeDifference ?? 0,
        adjustForTimeDifference: false,
      },
    });
    clients.set(id, client);
  }
  return client;
}

async function run(call: Call): Promise<unknown> {
  const client = clientFor(call.creds);
  if (call.method === 'lastHeaders') return client.last_response_headers;
  const fn = (client as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[
    call.method
  ];
  if (typeof fn !== 'function') throw new Error(`no method ${call.method}`);
  try {
    // IPC turns undefined into null; ccxt wants undefined for an absent price.
    const args = call.args.map((a) => (a === null ? undefined : a));
    return { value: await fn.apply(client, args) };
  } catch (error) {
    const e = error as Error;
    return {
      error: {
        name: e.name,
        message: e.message,
        network: error instanceof ccxt.NetworkError,
      },
    };
  }
}

process.on('message', (call: Call) => {
  run(call).then(
    (result) =>
      process.send?.({
        id: call.id,
        result: JSON.parse(JSON.stringify(result ?? null)) as unknown,
      }),
    (error: unknown) =>
      process.send?.({
        id: call.id,
        error: error instanceof Error ? error.message : String(error),
      }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.({ id: 0, result: 'ready' });
