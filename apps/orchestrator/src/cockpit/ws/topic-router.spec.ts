import { ManualClock } from '@flotilla/core';
import { summarizeFleet } from '../../supervisor';
import { CockpitBus } from '../cockpit-bus';
import { UnknownEngine, type CockpitSnapshots } from './cockpit-snapshots';
import { EventHistory } from './event-history';
import { FleetFeed } from './fleet-feed';
import { TopicRouter } from './topic-router';
import { WsSession } from './ws-session';
import { engineStatus } from '../../supervisor/testing/engine-status.fixture';
import { FakeSocket } from './testing/fake-socket';

const LIMITS = { maxQueuedFrames: 100, hardLimitBytes: 1 << 20, slowConsumerGraceMs: 1_000 };
const KNOWN = new Set(['BTCUSDT', 'ETHUSDT']);

function setup() {
  const clock = new ManualClock();
  const bus = new CockpitBus();
  const history = new EventHistory();
  const ticked: string[] = [];
  const snapshots = {
    engineStatus: (symbol: string) => {
      if (!KNOWN.has(symbol)) throw new UnknownEngine(`no engine for ${symbol} in the fleet`);
      return engineStatus(symbol);
    },
    engine: (symbol: string) =>
      Promise.resolve({ status: engineStatus(symbol), signals: [], fills: [], book: null }),
    fixed: (topic: 'signals') => ({ items: history.items(topic) }),
    tick: (symbol: string) => {
      ticked.push(symbol);
      return { mid: '1', unrealizedPnl: '0', realizedPnl: '0', serverTime: 'now' };
    },
  } as unknown as CockpitSnapshots;
  const fleet = new FleetFeed(
    () => summarizeFleet([...KNOWN].map((s) => engineStatus(s))),
    clock,
    250,
    2_000,
    (diff, frame) => router.fleetDiff(diff, frame),
  );
  const router: TopicRouter = new TopicRouter(snapshots, fleet, clock, () => undefined);
  bus.subscribe((event) => {
    history.record(event);
    router.publish(event);
  });
  const session = () => {
    const socket = new FakeSocket();
    const s = new WsSession(socket, LIMITS, clock, () => Buffer.from('{}'));
    return { socket, s };
  };
  return { bus, router, fleet, session, ticked };
}

describe('TopicRouter: fan-out from the bus, the differ and the ticks', () => {
  it('a bus event reaches each subscriber of its topic once, and later subscribers find it in their snapshot', () => {
    const { bus, router, session } = setup();
    const [a, b, other] = [session(), session(), session()];
    router.subscribe(a.s, ['signals']);
    router.subscribe(b.s, ['signals', 'fills']);
    router.subscribe(other.s, ['orders']);
    [a, b, other].forEach((x) => x.socket.take());
    bus.publish({
      topic: 'signals',
      kind: 'signal',
      data: { id: 's1' },
      atMs: Date.UTC(2026, 0, 1),
    });
    const expected = {
      type: 'event',
      topic: 'signals',
      kind: 'signal',
      data: { id: 's1' },
      at: '2026-01-01T00:00:00.000Z',
    };
    expect(a.socket.take()).toEqual([expected]);
    expect(b.socket.take()).toEqual([expected]);
    expect(other.socket.take()).toEqual([]);
    const late = session();
    router.subscribe(late.s, ['signals']);
    expect(late.socket.take()).toEqual([
      { type: 'subscribed', topics: ['signals'] },
      expect.objectContaining({
        type: 'snapshot',
        topic: 'signals',
        data: { items: [{ id: 's1' }] },
      }),
    ]);
  });

  it('an unknown engine refuses the whole subscription (NOT_FOUND) and changes nothing', () => {
    const { router, session } = setup();
    const a = session();
    router.subscribe(a.s, ['fleet', 'engine:XRPUSDT']);
    expect(a.socket.take()).toEqual([
      { type: 'error', code: 'NOT_FOUND', message: 'no engine for XRPUSDT in the fleet' },
    ]);
    expect([...a.s.topics]).toEqual([]);
    expect(router.subscriberCount('fleet')).toBe(0);
  });

  it('the fleet differ runs only while fleet has a subscriber; ticks only for subscribed engines', async () => {
    const { router, fleet, session, ticked } = setup();
    const a = session();
    const b = session();
    expect(fleet.running).toBe(false);
    router.subscribe(a.s, ['fleet', 'engine:BTCUSDT']);
    router.subscribe(b.s, ['fleet']);
    expect(fleet.running).toBe(true);
    await Promise.resolve();
    router.tick();
    expect(ticked).toEqual(['BTCUSDT']);
    router.unsubscribe(a.s, ['fleet']);
    expect(fleet.running).toBe(true);
    router.remove(b.s);
    expect(fleet.running).toBe(false);
    router.remove(a.s);
    router.tick();
    expect(ticked).toEqual(['BTCUSDT']);
  });
});
