import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { forkVenueSim, VenueSimProcess } from '../support/venue-sim-process';

const MAIN = join(__dirname, '..', '..', 'dist', 'apps', 'venue-sim', 'main.js');

describe('venue-sim process (dist build)', () => {
  let sim: VenueSimProcess | undefined;

  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it('reports where it listens over IPC, serves, and exits on SIGTERM', async () => {
    sim = await forkVenueSim(['--port', '0', '--seed', '9', '--synthetic', '2', '--rate', '0']);
    expect(sim.restUrl).toBe(`http://127.0.0.1:${sim.port}`);
    expect(sim.wsPublicUrl).toBe(`ws://127.0.0.1:${sim.port}/v5/public/linear`);
    expect(sim.wsPrivateUrl).toBe(`ws://127.0.0.1:${sim.port}/v5/private`);
    const res = await request(sim.restUrl)
      .get('/v5/market/instruments-info?category=linear')
      .expect(200);
    expect((res.body as { result: { list: unknown[] } }).result.list).toHaveLength(9);
    const pid = sim.pid;
    await sim.stop();
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it('exits 2 naming a bad flag', () => {
    const result = spawnSync(process.execPath, [MAIN, '--rate', 'fast'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--rate');
  });
});
