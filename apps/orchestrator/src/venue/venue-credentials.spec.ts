import { DomainError } from '@flotilla/core';
import type { FlotillaConfig } from '@flotilla/config';
import { paperMirrorArgs, type VenueEndpoint } from './embedded-venue';
import { venueCredentials } from './venue-credentials';

const endpoint = (mode: VenueEndpoint['mode']): VenueEndpoint => ({
  mode,
  restUrl: 'http://127.0.0.1:1',
  wsPublicUrl: 'ws://127.0.0.1:1',
  close: async () => undefined,
});
const config = (venue: FlotillaConfig['venue'], exchange: FlotillaConfig['exchange'] = {}) =>
  ({ venue, testnet: false, exchange }) as FlotillaConfig;

describe('venueCredentials', () => {
  it("VENUE=sim trades the embedded simulator's default account with no configuration", () => {
    expect(venueCredentials(config('sim'), endpoint('embedded-sim'))).toEqual({
      apiKey: 'flotilla-sim',
      secret: 'flotilla-sim-secret',
    });
  });

  it('an external simulator takes EXCHANGE_API_KEY/SECRET, defaulting to the default account', () => {
    expect(venueCredentials(config('sim'), endpoint('external-sim'))).toEqual({
      apiKey: 'flotilla-sim',
      secret: 'flotilla-sim-secret',
    });
    const own = config('sim', { apiKey: 'desk-2', apiSecret: 'desk-2-secret' });
    expect(venueCredentials(own, endpoint('external-sim'))).toEqual({
      apiKey: 'desk-2',
      secret: 'desk-2-secret',
    });
  });

  it('VENUE=live requires both keys and names the missing one, never a secret', () => {
    const keyed = config('live', { apiKey: 'k', apiSecret: 's3cr3t-value' });
    expect(venueCredentials(keyed, endpoint('bybit'))).toEqual({
      apiKey: 'k',
      secret: 's3cr3t-value',
    });
    const half = config('live', { apiKey: 'k' });
    expect(() => venueCredentials(half, endpoint('bybit'))).toThrow(
      new DomainError(
        'INVALID_CONFIG',
        'VENUE=live needs EXCHANGE_API_KEY and EXCHANGE_API_SECRET (missing: EXCHANGE_API_SECRET)',
      ),
    );
  });

  it("VENUE=paper trades the mirroring embedded simulator's default account, keys or not", () => {
    const keyed = config('paper', { apiKey: 'k', apiSecret: 's' });
    expect(venueCredentials(keyed, endpoint('embedded-sim'))).toEqual({
      apiKey: 'flotilla-sim',
      secret: 'flotilla-sim-secret',
    });
  });
});

describe('paperMirrorArgs', () => {
  const paper = (extra: Partial<FlotillaConfig> = {}): FlotillaConfig =>
    ({ venue: 'paper', testnet: false, exchange: {}, ...extra }) as FlotillaConfig;

  it("mirrors Bybit's public endpoints, testnet with TESTNET=true", () => {
    expect(paperMirrorArgs(paper())).toEqual([
      '--mirror',
      'wss://stream.bybit.com/v5/public/linear',
      '--mirror-rest',
      'https://api.bybit.com',
    ]);
    expect(paperMirrorArgs(paper({ testnet: true }))).toEqual([
      '--mirror',
      'wss://stream-testnet.bybit.com/v5/public/linear',
      '--mirror-rest',
      'https://api-testnet.bybit.com',
    ]);
  });

  it('PAPER_UPSTREAM_URL overrides; the REST URL defaults to its origin', () => {
    const local = paper({ paperUpstreamUrl: 'ws://127.0.0.1:7001/v5/public/linear' });
    expect(paperMirrorArgs(local)).toEqual([
      '--mirror',
      'ws://127.0.0.1:7001/v5/public/linear',
      '--mirror-rest',
      'http://127.0.0.1:7001',
    ]);
    const both = paper({ ...local, paperUpstreamRestUrl: 'http://127.0.0.1:7002' });
    expect(paperMirrorArgs(both)[3]).toBe('http://127.0.0.1:7002');
  });
});
