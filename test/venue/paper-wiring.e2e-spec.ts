import type { FlotillaConfig } from '@flotilla/config';
import { startVenueSim, type VenueSim } from '@flotilla/venue-sim';
import request from 'supertest';
import { paperMirrorArgs } from '../../apps/orchestrator/src/venue/embedded-venue';
import { forkVenueSim, type VenueSimProcess } from '../support/venue-sim-process';
import { waitFor } from '../support/wait-for';

interface BookBody {
  result: { a: [string, string][]; b: [string, string][] };
}

/**
 * VENUE=paper's child as the orchestrator forks it (the built venue-sim with paperMirrorArgs,
 * PAPER_UPSTREAM_URL at a local simulator standing in for Bybit): it lists the upstream's
 * instruments and serves the upstream's book. Needs `npm run build`.
 */
describe("VENUE=paper's embedded simulator mirrors PAPER_UPSTREAM_URL (built process)", () => {
  let upstream: VenueSim;
  let paper: VenueSimProcess;

  beforeAll(async () => {
    upstream = await startVenueSim({ rateHz: 0, seed: 11 });
    const config = {
      venue: 'paper',
      testnet: false,
      paperUpstreamUrl: upstream.wsPublicUrl,
    } as FlotillaConfig;
    paper = await forkVenueSim(['--port', '0', '--seed', '11', ...paperMirrorArgs(config)]);
  });

  afterAll(async () => {
    await paper.stop();
    await upstream.close();
  });

  it("serves the upstream's book and reports every symbol fresh", async () => {
    const fresh = async (): Promise<boolean> => {
      const res = await request(paper.restUrl).get('/__admin/mirror');
      const body = res.body as { mirror?: { stale: string[]; symbols: number } };
      return res.status === 200 && body.mirror?.stale.length === 0;
    };
    await waitFor(fresh, 10_000, 'every mirrored symbol fresh');
    const path = '/v5/market/orderbook?category=linear&symbol=ETHUSDT&limit=25';
    const mine = (await request(paper.restUrl).get(path).expect(200)) as { body: BookBody };
    const theirs = (await request(upstream.restUrl).get(path).expect(200)) as { body: BookBody };
    expect(mine.body.result.b).toEqual(theirs.body.result.b);
    expect(mine.body.result.a).toEqual(theirs.body.result.a);
    const res = await request(paper.restUrl).get('/__admin/mirror').expect(200);
    expect(res.body).toMatchObject({ mirror: { symbols: upstream.symbols().length } });
  });
});
