import { join } from 'node:path';
import type { Clock, StructuredLogger } from '@flotilla/core';
import type { FlotillaConfig } from '@flotilla/config';
import { BYBIT_ENDPOINTS } from '@flotilla/market-data';
import { EmbeddedSimSupervisor, type SimObserver } from './embedded-sim-supervisor';
import { forkingSimLauncher } from './sim-process';

export { venueSimEntry } from './sim-process';

/** Where the venue's REST and public stream are, and the embedded simulator's process if any. */
export interface VenueEndpoint {
  readonly restUrl: string;
  readonly wsPublicUrl: string;
  readonly mode: 'embedded-sim' | 'external-sim' | 'bybit';
  close(): Promise<void>;
}

export interface VenueDeps {
  readonly clock: Clock;
  readonly logger: StructuredLogger;
  readonly observer?: SimObserver;
}

export async function resolveVenue(
  config: FlotillaConfig,
  deps: VenueDeps,
): Promise<VenueEndpoint> {
  if (config.venue === 'sim' && config.venueUrl) {
    const restUrl = config.venueUrl.replace(/\/$/, '');
    const wsPublicUrl = config.venueWsUrl ?? `${restUrl.replace(/^http/, 'ws')}/v5/public/linear`;
    return { restUrl, wsPublicUrl, mode: 'external-sim', close: async () => undefined };
  }
  if (config.venue === 'sim') return startEmbeddedSim(config, deps);
  const target = config.testnet ? BYBIT_ENDPOINTS.testnet : BYBIT_ENDPOINTS.live;
  return { ...target, mode: 'bybit', close: async () => undefined };
}

async function startEmbeddedSim(
  config: FlotillaConfig,
  deps: VenueDeps,
): Promise<EmbeddedSimSupervisor> {
  const { seed, synthetic, rateHz } = config.venueSim;
  const marketArgs = [
    '--seed',
    String(seed),
    '--synthetic',
    String(synthetic),
    '--rate',
    String(rateHz),
    // The venue outlives its clients: positions survive a restart, as they would on Bybit.
    '--state',
    join(config.dataDir, 'venue-sim-state.json'),
  ];
  const supervisor = new EmbeddedSimSupervisor({ launch: forkingSimLauncher(marketArgs), ...deps });
  await supervisor.start();
  return supervisor;
}
