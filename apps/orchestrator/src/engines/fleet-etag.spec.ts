import { engineStatus } from '../supervisor/testing/engine-status.fixture';
import { operatorTag, type EngineStatus, type FleetStatus } from '../supervisor';
import { fleetEtagOf } from './fleet-etag';

const fleetEtag = (f: FleetStatus): string => fleetEtagOf(f, f.engines.map(operatorTag));

const engine = (over: Partial<EngineStatus> = {}): EngineStatus => engineStatus('BTCUSDT', over);

const fleet = (e: EngineStatus, over: Partial<FleetStatus> = {}): FleetStatus => ({
  total: 1,
  running: 1,
  crashed: 0,
  stopped: 0,
  failed: 0,
  engines: [e],
  ...over,
});

describe('fleetEtag', () => {
  const base = fleetEtag(fleet(engine()));

  it('stays the same while only ages, heartbeat times and counters move', () => {
    const later = engine({
      uptimeSeconds: 43,
      lastHeartbeat: '2026-06-01T12:00:42.880Z',
      heartbeatAgeMs: 3,
      eventsProcessed: 1300,
      feed: { connected: true, lastMessageAt: '2026-06-01T12:00:42.870Z', reconnects: 0 },
    });
    expect(fleetEtag(fleet(later))).toBe(base);
  });

  it.each<[string, Partial<EngineStatus>]>([
    ['state', { status: 'crashed' }],
    ['desired state', { desiredStatus: 'stopped' }],
    ['last error', { lastError: 'boom' }],
    ['error count', { errorCount: 1 }],
    ['restart count', { restartCount: 1 }],
    ['next restart', { nextRestartAt: '2026-06-01T12:00:43.000Z' }],
    ['start time', { startedAt: '2026-06-01T12:01:00.000Z' }],
    ['realized pnl', { realizedPnl: '1.5' }],
    ['feed connected', { feed: { connected: false, lastMessageAt: null, reconnects: 0 } }],
    ['feed reconnects', { feed: { connected: true, lastMessageAt: null, reconnects: 1 } }],
  ])('changes with the %s', (_what, change) => {
    expect(fleetEtag(fleet(engine(change)))).not.toBe(base);
  });

  it('changes with the totals and the set of engines', () => {
    expect(fleetEtag(fleet(engine(), { total: 2, stopped: 1 }))).not.toBe(base);
    expect(fleetEtag({ ...fleet(engine()), engines: [] })).not.toBe(base);
  });

  it('is a weak entity tag', () => {
    expect(base).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
  });
});
