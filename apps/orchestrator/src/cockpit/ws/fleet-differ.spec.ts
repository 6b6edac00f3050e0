import { ConflatedDiff, FleetDiffer } from './fleet-differ';
import { engineStatus } from '../../supervisor/testing/engine-status.fixture';

describe('FleetDiffer', () => {
  it('reports only the fields that changed, per engine; ages alone are no change', () => {
    const differ = new FleetDiffer();
    differ.reset([engineStatus('BTCUSDT'), engineStatus('ETHUSDT')]);
    expect(
      differ.next([
        engineStatus('BTCUSDT', { uptimeSeconds: 99, heartbeatAgeMs: 5 }),
        engineStatus('ETHUSDT'),
      ]),
    ).toBeNull();
    expect(
      differ.next([
        engineStatus('BTCUSDT', { status: 'crashed', lastError: 'boom' }),
        engineStatus('ETHUSDT'),
      ]),
    ).toEqual({
      engines: [{ symbol: 'BTCUSDT', status: 'crashed', lastError: 'boom' }],
      removed: [],
    });
    // The baseline moved: the same status again is no change.
    expect(
      differ.next([
        engineStatus('BTCUSDT', { status: 'crashed', lastError: 'boom' }),
        engineStatus('ETHUSDT'),
      ]),
    ).toBeNull();
  });

  it('compares nested objects by value, sends a new engine whole (without ages) and names removed ones', () => {
    const differ = new FleetDiffer();
    differ.reset([engineStatus('BTCUSDT'), engineStatus('ETHUSDT')]);
    const feed = { connected: false, lastMessageAt: null, reconnects: 1 };
    const diff = differ.next([engineStatus('BTCUSDT', { feed }), engineStatus('SOLUSDT')]);
    const { uptimeSeconds: _u, heartbeatAgeMs: _h, ...sol } = engineStatus('SOLUSDT');
    expect(diff).toEqual({ engines: [{ symbol: 'BTCUSDT', feed }, sol], removed: ['ETHUSDT'] });
    expect(
      differ.next([engineStatus('BTCUSDT', { feed: { ...feed } }), engineStatus('SOLUSDT')]),
    ).toBeNull();
  });
});

describe('FleetDiffer volatile fields', () => {
  it('heartbeats, event counts and feed times wait for a volatile pass; state changes do not', () => {
    const differ = new FleetDiffer();
    differ.reset([engineStatus('BTCUSDT')]);
    const live = {
      lastHeartbeat: '2026-01-01T00:00:10.000Z',
      eventsProcessed: 150,
      feed: { connected: true, lastMessageAt: '2026-01-01T00:00:10.100Z', reconnects: 0 },
    };
    expect(differ.next([engineStatus('BTCUSDT', live)], false)).toBeNull();
    expect(differ.next([engineStatus('BTCUSDT', { ...live, status: 'paused' })], false)).toEqual({
      engines: [{ symbol: 'BTCUSDT', status: 'paused' }],
      removed: [],
    });
    // The volatile baseline was kept: the next volatile pass reports them.
    expect(differ.next([engineStatus('BTCUSDT', { ...live, status: 'paused' })], true)).toEqual({
      engines: [{ symbol: 'BTCUSDT', ...live }],
      removed: [],
    });
    // A feed that drops is news at once, with its whole feed object.
    const dropped = { connected: false, lastMessageAt: live.feed.lastMessageAt, reconnects: 1 };
    expect(
      differ.next([engineStatus('BTCUSDT', { ...live, status: 'paused', feed: dropped })], false),
    ).toEqual({ engines: [{ symbol: 'BTCUSDT', feed: dropped }], removed: [] });
  });
});

describe('ConflatedDiff', () => {
  it('merges per symbol, the latest value winning; a removal cancels changes and a re-add cancels the removal', () => {
    const merged = new ConflatedDiff();
    expect(merged.isEmpty).toBe(true);
    merged.merge({
      engines: [
        { symbol: 'A', status: 'stopping' },
        { symbol: 'B', errorCount: 1 },
      ],
      removed: [],
    });
    merged.merge({
      engines: [{ symbol: 'A', status: 'stopped', restartCount: 2 }],
      removed: ['B'],
    });
    merged.merge({ engines: [{ symbol: 'C', tradeCount: 3 }], removed: ['C'] });
    merged.merge({ engines: [{ symbol: 'C', tradeCount: 4 }], removed: [] });
    expect(merged.take()).toEqual({
      engines: [
        { symbol: 'A', status: 'stopped', restartCount: 2 },
        { symbol: 'C', tradeCount: 4 },
      ],
      removed: ['B'],
    });
    expect(merged.isEmpty).toBe(true);
  });
});
