import { dec } from '@flotilla/core';
import type { VenueEvent } from '@flotilla/engine';
import { clientOrderId } from '@flotilla/venue';
import { waitFor } from '../support/wait-for';
import { startPortHarness, type PortHarness } from './port-harness';

describe('VenuePort private stream against the simulator', () => {
  let h: PortHarness;

  beforeAll(async () => {
    h = await startPortHarness();
  }, 30_000);

  afterAll(async () => {
    await h.close();
  });

  it('delivers the order, its fill, the position and the wallet as port events', async () => {
    const events: VenueEvent[] = [];
    const subscription = await h.venue.subscribe((e) => events.push(e));
    const id = clientOrderId('ETHUSDT', 'stream-1', 'entry');
    // ccxt.pro gives no "subscribed" signal, and each topic (orders, executions, positions, wallet)
    // is its own subscription: small probe orders go until every topic has delivered an event, so
    // all four are live, then the order under test. Only events after it are looked at.
    let probe = 0;
    await waitFor(
      async () => {
        await h.venue.place({
          symbol: 'ETHUSDT',
          signalId: `probe-${probe++}`,
          leg: 'entry',
          side: 'buy',
          type: 'market',
          qty: dec('0.01'),
        });
        const kinds = new Set(events.map((e) => e.kind));
        return ['order', 'fill', 'position', 'wallet'].every((k) =>
          kinds.has(k as VenueEvent['kind']),
        );
      },
      10_000,
      'every topic of the stream to be live',
    );
    const from = events.length;
    const after = (): VenueEvent[] => events.slice(from);
    // the long the probes built, plus the order under test (a late probe's update is smaller)
    const held = dec('0.01').mul(probe).add('0.05');
    await h.venue.place({
      symbol: 'ETHUSDT',
      signalId: 'stream-1',
      leg: 'entry',
      side: 'buy',
      type: 'market',
      qty: dec('0.05'),
    });
    const filled = await waitFor(
      () =>
        after().find(
          (e) => e.kind === 'order' && e.order.clientOrderId === id && e.order.status === 'closed',
        ),
      5000,
      'the filled order',
    );
    expect(filled.kind === 'order' && filled.order.filledQty.toFixed()).toBe('0.05');
    const fill = await waitFor(
      () => after().find((e) => e.kind === 'fill' && e.fill.clientOrderId === id),
      5000,
      'the fill',
    );
    expect(
      fill.kind === 'fill' && [fill.fill.side, fill.fill.qty.toFixed(), fill.fill.maker],
    ).toEqual(['buy', '0.05', false]);
    expect(fill.kind === 'fill' && fill.fill.fee.gt(0)).toBe(true);
    const position = await waitFor(
      () =>
        after().find(
          (e) =>
            e.kind === 'position' &&
            e.position.symbol === 'ETHUSDT' &&
            e.position.side === 'long' &&
            e.position.size.gte(held),
        ),
      5000,
      'the position',
    );
    expect(position.kind === 'position' && position.position.size.gte(held)).toBe(true);
    const wallet = await waitFor(
      () => after().find((e) => e.kind === 'wallet'),
      5000,
      'the wallet',
    );
    expect(wallet.kind === 'wallet' && wallet.balance.total.gt(0)).toBe(true);
    subscription.unsubscribe();
  }, 20_000);
});
