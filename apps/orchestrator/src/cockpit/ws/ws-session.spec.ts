import { ManualClock } from '@flotilla/core';
import type { FleetDiff } from './fleet-differ';
import { eventFrame, frame, heartbeatFrame } from './ws-frames';
import { WsSession } from './ws-session';
import { FakeSocket } from './testing/fake-socket';

const LIMITS = { maxQueuedFrames: 3, hardLimitBytes: 10_000, slowConsumerGraceMs: 1_000 };

function setup(limits = LIMITS) {
  const clock = new ManualClock();
  const socket = new FakeSocket();
  const session = new WsSession(socket, limits, clock, (diff) =>
    eventFrame('fleet', 'diff', diff, clock.now()),
  );
  session.topics.add('signals');
  session.topics.add('fleet');
  return { clock, socket, session };
}

const signal = (n: number) => eventFrame('signals', 'signal', { n }, 0);
const diffFrame = (diff: FleetDiff) => eventFrame('fleet', 'diff', diff, 0);
const full = (socket: FakeSocket) => (socket.bufferedAmount = LIMITS.hardLimitBytes);

describe('WsSession: a bounded way out per client', () => {
  it('writes straight through while the socket takes it', () => {
    const { socket, session } = setup();
    session.send(frame({ type: 'subscribed', topics: ['signals'] }));
    session.sendEvent('signals', signal(1));
    expect(socket.take().map((f) => f.type)).toEqual(['subscribed', 'event']);
    expect(session.queuedBytes).toBe(0);
  });

  it('past maxQueuedFrames the oldest events are dropped; on drain the client first learns how many', () => {
    const { socket, session } = setup();
    full(socket);
    for (let n = 1; n <= 5; n++) session.sendEvent('signals', signal(n));
    expect(socket.sent).toEqual([]);
    socket.bufferedAmount = 0;
    session.flush();
    expect(socket.take()).toEqual([
      { type: 'dropped', count: 2 },
      ...[3, 4, 5].map((n) => expect.objectContaining({ data: { n } }) as unknown),
    ]);
    expect(session.queuedBytes).toBe(0);
    expect(session.isOpen).toBe(true);
  });

  it('fleet diffs are merged per symbol while the client is behind, and sent whole (shared) when it is not', () => {
    const { socket, session } = setup();
    const first: FleetDiff = { engines: [{ symbol: 'A', status: 'running' }], removed: [] };
    const shared = diffFrame(first);
    session.sendFleetDiff(shared, first);
    expect(socket.take()).toEqual([JSON.parse(shared.toString())]);
    full(socket);
    session.sendFleetDiff(diffFrame(first), {
      engines: [{ symbol: 'A', status: 'stopping' }],
      removed: [],
    });
    session.sendFleetDiff(diffFrame(first), {
      engines: [
        { symbol: 'A', status: 'stopped' },
        { symbol: 'B', errorCount: 2 },
      ],
      removed: [],
    });
    session.sendFleetDiff(diffFrame(first), { engines: [], removed: ['B'] });
    socket.bufferedAmount = 0;
    session.flush();
    expect(socket.take()).toEqual([
      expect.objectContaining({
        type: 'event',
        topic: 'fleet',
        kind: 'diff',
        data: { engines: [{ symbol: 'A', status: 'stopped' }], removed: ['B'] },
      }),
    ]);
  });

  it('replies that cannot be dropped and do not fit close the client 4008; the socket is destroyed if the close hangs', () => {
    const { clock, socket, session } = setup();
    full(socket);
    for (let i = 0; i < 4; i++) session.send(frame({ type: 'snapshot', topic: 'fleet', i }));
    expect(socket.closes).toEqual([{ code: 4008, reason: 'slow consumer' }]);
    expect(session.isOpen).toBe(false);
    expect(session.queuedBytes).toBe(0);
    session.sendEvent('signals', signal(9));
    expect(socket.sent).toEqual([]);
    clock.advance(999);
    expect(socket.terminated).toBe(false);
    clock.advance(1);
    expect(socket.terminated).toBe(true);
  });

  it('a socket that stays over the hard limit for the grace period is closed 4008; one that drains in time is kept', () => {
    const { clock, socket, session } = setup();
    socket.bufferedAmount = LIMITS.hardLimitBytes + 1;
    session.check(clock.now());
    clock.advance(900);
    session.check(clock.now());
    socket.bufferedAmount = 0;
    clock.advance(200);
    session.check(clock.now());
    expect(socket.closes).toEqual([]);
    socket.bufferedAmount = LIMITS.hardLimitBytes + 1;
    session.check(clock.now());
    clock.advance(1_000);
    session.check(clock.now());
    expect(socket.closes).toEqual([{ code: 4008, reason: 'slow consumer' }]);
  });

  it('queued bytes are bounded too: a few large events push out the older ones', () => {
    const { socket, session } = setup({ ...LIMITS, maxQueuedFrames: 1_000 });
    full(socket);
    const big = (n: number) => eventFrame('signals', 'signal', { n, pad: 'x'.repeat(3_000) }, 0);
    for (let n = 1; n <= 10; n++) session.sendEvent('signals', big(n));
    expect(session.queuedBytes).toBeLessThanOrEqual(LIMITS.hardLimitBytes);
    socket.bufferedAmount = 0;
    session.flush();
    const sent = socket.take();
    expect(sent[0]).toEqual({ type: 'dropped', count: 10 - (sent.length - 1) });
    expect((sent.at(-1)?.data as { n: number }).n).toBe(10);
  });

  it('events of a topic whose snapshot is being built wait for it, and come after it', () => {
    const { socket, session } = setup();
    session.beginSnapshot('signals');
    session.sendEvent('signals', signal(1));
    expect(socket.sent).toEqual([]);
    session.endSnapshot('signals', frame({ type: 'snapshot', topic: 'signals' }));
    expect(socket.take().map((f) => f.type)).toEqual(['snapshot', 'event']);
  });

  it('pings with every heartbeat; a peer that leaves two unanswered is terminated, a pong resets the count', () => {
    const { socket, session } = setup();
    const beat = heartbeatFrame(0);
    session.heartbeat(beat);
    session.pong();
    session.heartbeat(beat);
    session.heartbeat(beat);
    expect(socket.pings).toBe(3);
    expect(socket.terminated).toBe(false);
    session.heartbeat(beat);
    expect(socket.terminated).toBe(true);
    expect(socket.sent.filter((f) => f.type === 'heartbeat')).toHaveLength(3);
  });
});
