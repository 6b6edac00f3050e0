import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '@flotilla/core';
import type { FlotillaConfig } from '@flotilla/config';
import { BYBIT_ENDPOINTS } from '@flotilla/market-data';

/** Where the venue's REST and public stream are, and the embedded simulator's process if any. */
export interface VenueEndpoint {
  readonly restUrl: string;
  readonly wsPublicUrl: string;
  readonly mode: 'embedded-sim' | 'external-sim' | 'bybit';
  close(): Promise<void>;
}

const START_TIMEOUT_MS = 20_000;

/** The simulator bundle sits beside the orchestrator's in dist/apps. */
export function venueSimEntry(): string {
  return join(__dirname, '..', 'venue-sim', 'main.js');
}

export async function resolveVenue(config: FlotillaConfig): Promise<VenueEndpoint> {
  if (config.venue === 'sim' && config.venueUrl) {
    const restUrl = config.venueUrl.replace(/\/$/, '');
    const wsPublicUrl = config.venueWsUrl ?? `${restUrl.replace(/^http/, 'ws')}/v5/public/linear`;
    return { restUrl, wsPublicUrl, mode: 'external-sim', close: async () => undefined };
  }
  if (config.venue === 'sim') return forkEmbeddedSim(config, []);
  if (config.venue === 'paper') return forkEmbeddedSim(config, paperMirrorArgs(config));
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

async function forkEmbeddedSim(config: FlotillaConfig, extra: string[]): Promise<VenueEndpoint> {
  const entry = venueSimEntry();
  if (!existsSync(entry)) {
    throw new DomainError(
      'VENUE_UNAVAILABLE',
      `embedded simulator not found at ${entry}: run npm run build`,
    );
  }
  const { seed, synthetic, rateHz } = config.venueSim;
  const args = [
    '--port',
    '0',
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
  const child = fork(entry, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-2000)));
  const urls = await new Promise<{ restUrl: string; wsPublicUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new DomainError(
          'VENUE_UNAVAILABLE',
          `embedded simulator did not start within ${START_TIMEOUT_MS} ms: ${stderr}`,
        ),
      );
    }, START_TIMEOUT_MS);
    child.on('message', (m: { type?: string; restUrl?: string; wsPublicUrl?: string }) => {
      if (m?.type === 'listening' && m.restUrl && m.wsPublicUrl) {
        clearTimeout(timer);
        resolve({ restUrl: m.restUrl, wsPublicUrl: m.wsPublicUrl });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new DomainError('VENUE_UNAVAILABLE', `embedded simulator exited with ${code}: ${stderr}`),
      );
    });
  });
  return { ...urls, mode: 'embedded-sim', close: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}
