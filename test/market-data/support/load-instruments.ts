/** Child-process entry for the ccxt instruments test: prints the instruments as JSON. */
import { toWire } from '@flotilla/core';
import { MarketDataHub } from '@flotilla/market-data';

async function main(): Promise<void> {
  const restUrl = process.argv[2];
  const hub = new MarketDataHub({ restUrl, wsPublicUrl: 'ws://127.0.0.1:1' });
  const list = await hub.loadInstruments();
  const wire = list.map((i) => ({
    symbol: i.symbol,
    base: i.base,
    quote: i.quote,
    tickSize: toWire(i.tickSize),
    qtyStep: toWire(i.qtyStep),
    minOrderQty: toWire(i.minOrderQty),
    minNotional: toWire(i.minNotional),
  }));
  await hub.close();
  process.stdout.write(JSON.stringify(wire));
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
