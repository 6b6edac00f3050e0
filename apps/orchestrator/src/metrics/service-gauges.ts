import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Gauge, type Registry } from 'prom-client';

/** What the service-wide gauges read at scrape time; set once the fleet exists. */
export interface ServiceGaugeSources {
  /** The /health/ready rule (FleetLifecycle.isReady). */
  ready(): boolean;
  /** Registry writes queued during an outage, not yet stored. */
  registryPendingWrites(): number;
}

/** The version in the nearest package.json above this file (src in dev, dist in the image). */
export function packageVersion(from = __dirname): string {
  for (let dir = from, up = 0; up < 8; dir = dirname(dir), up++) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    try {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown };
      if (typeof pkg.version === 'string') return pkg.version;
    } catch {
      // an unreadable package.json is skipped, not fatal for metrics
    }
  }
  return 'unknown';
}

/** flotilla_build_info, flotilla_ready and flotilla_registry_pending_writes. */
export function registerServiceGauges(
  registry: Registry,
  sources: () => ServiceGaugeSources | undefined,
): void {
  const registers = [registry];
  new Gauge({
    name: 'flotilla_build_info',
    help: 'Always 1; the labels say which build and which Node.js runs',
    labelNames: ['version', 'node'],
    registers,
  }).set({ version: packageVersion(), node: process.version }, 1);
  new Gauge({
    name: 'flotilla_ready',
    help: 'Whether /health/ready answers ready (1) or not (0): booted, engines resumed, lease held',
    registers,
    collect() {
      this.set(sources()?.ready() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'flotilla_registry_pending_writes',
    help: 'Registry writes queued while the store is unavailable, not yet stored',
    registers,
    collect() {
      this.set(sources()?.registryPendingWrites() ?? 0);
    },
  });
}
