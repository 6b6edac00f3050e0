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
  if (config.venue === 'sim') return startEmbeddedSim(config, deps, []);
  if (config.venue === 'paper') return startEmbeddedSim(config, deps, paperMirrorArgs(config));
  const target = config.testnet ? BYBIT_ENDPOINTS.testnet : BYBIT_ENDPOINTS.live;
  return { ...target, mode: 'bybit', close: async () => undefined };
}

/**
 * VENUE=paper: the embedded simulator mirrors Bybit's public books and trades (testnet with
 * TESTNET=true; PAPER_UPSTREAM_URL/PAPER_UPSTREAM_REST_URL override, e.g. a local simulator).
 */
export function paperMirrorArgs(config: FlotillaConfig): string[] {
  const bybit = config.testnet ? BYBIT_ENDPOINTS.testnet : BYBIT_ENDPOINTS.live;
  const ws = config.paperUpstreamUrl ?? bybit.wsPublicUrl;
  const rest =
    config.paperUpstreamRestUrl ??
    (config.paperUpstreamUrl ? new URL(ws).origin.replace(/^ws/, 'http') : bybit.restUrl);
  return ['--mirror', ws, '--mirror-rest', rest];
}

async function startEmbeddedSim(
  config: FlotillaConfig,
  deps: VenueDeps,
  extra: string[],
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
    join(config.dataDir, config.venue === 'paper' ? 'paper-state.json' : 'venue-sim-state.json'),
    ...extra,
  ];
  const supervisor = new EmbeddedSimSupervisor({ launch: forkingSimLauncher(marketArgs), ...deps });
  await supervisor.start();
  return supervisor;
}
