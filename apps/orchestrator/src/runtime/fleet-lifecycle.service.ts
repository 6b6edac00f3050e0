import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { FlotillaConfig } from '@flotilla/config';
import type { Logging } from '@flotilla/logging';
import type { MarketDataHub } from '@flotilla/market-data';
import type { OwnershipLease, ResilientRegistry } from '@flotilla/registry';
import { FleetJobs } from '../execution/fleet-jobs';
import { TradingRuntime } from '../execution/trading-runtime.service';
import { MetricsService } from '../metrics/metrics.service';
import type { EngineManager } from '../supervisor';
import type { VenueEndpoint } from '../venue/embedded-venue';
import { EngineOverridesService } from './engine-overrides.service';
import {
  CONFIG,
  ENGINE_MANAGER,
  LOGGING,
  MARKET_DATA,
  OWNERSHIP,
  REGISTRY,
  VENUE_ENDPOINT,
} from './tokens';

/**
 * Where this process is in its life. `standby` is a replica waiting for the registry lease; only
 * `ready` takes traffic. Once `shutting-down`, nothing moves it back.
 */
export type FleetPhase = 'booting' | 'standby' | 'resuming' | 'ready' | 'shutting-down';

/** Boot order (registry → venue → hub → resume) and shutdown order (readiness off → engines → registry → feed → logs). */
@Injectable()
export class FleetLifecycle
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(FleetLifecycle.name);
  private currentPhase: FleetPhase = 'booting';
  private enginesStopped: Promise<void> | undefined;
  private released: Promise<void> | undefined;
  private writesLost = false;
  private signal: string | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: FlotillaConfig,
    @Inject(ENGINE_MANAGER) private readonly manager: EngineManager,
    @Inject(REGISTRY) private readonly registry: ResilientRegistry,
    @Inject(MARKET_DATA) private readonly hub: MarketDataHub,
    @Inject(VENUE_ENDPOINT) private readonly venue: VenueEndpoint,
    @Inject(LOGGING) private readonly logging: Logging,
    @Inject(OWNERSHIP) private readonly lease: OwnershipLease,
    private readonly overrides: EngineOverridesService,
    private readonly metrics: MetricsService,
    private readonly trading: TradingRuntime,
    private readonly jobs: FleetJobs,
  ) {}

  get phase(): FleetPhase {
    return this.currentPhase;
  }

  get isShuttingDown(): boolean {
    return this.currentPhase === 'shutting-down';
  }

  /** The one readiness rule (/health/ready): booted, engines resumed, the lease held, not shutting down. */
  get isReady(): boolean {
    return this.currentPhase === 'ready' && this.lease.status().state === 'owner';
  }

  private enterPhase(next: FleetPhase): void {
    if (this.currentPhase !== 'shutting-down') this.currentPhase = next;
  }

  /** What the process should exit with after shutdown: 1 when engine changes never reached the registry. */
  get exitCode(): number {
    return this.writesLost ? 1 : 0;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.metrics.setSources({
      engineStates: () => this.manager.totals().states,
      engines: async () => (await this.manager.snapshots.recent()).fleet.engines,
      eventsProcessed: () => this.manager.totals().eventsProcessed,
      handledErrors: () => this.manager.totals().handledErrors,
      feed: () => this.hub.stats(),
    });
    this.metrics.setLeaseSource(() => this.lease.status());
    this.metrics.setServiceSources({
      ready: () => this.isReady,
      registryPendingWrites: () => this.registry.health().pendingWrites,
    });
    await this.lease.start();
    if (this.lease.fence()) return this.resume();
    const { holder, epoch } = this.lease.status();
    this.enterPhase('standby');
    this.logger.warn(`standby: the fleet is owned by ${holder ?? 'nobody'} (epoch ${epoch})`);
    // Bootstrap goes on, so the HTTP server listens and /health/ready reports the standby.
    void this.lease.whenOwner().then(
      () => (this.isShuttingDown ? undefined : this.resume()),
      () => undefined,
    );
  }

  /** Runs once this process holds the lease: the spool a previous holder left, then the fleet. */
  private async resume(): Promise<void> {
    await this.registry.replaySpool();
    const records = await this.registry.list();
    await this.overrides.load();
    if (records.length === 0) {
      const listed = this.config.autostart.filter((s) => this.hub.instrument(s) !== undefined);
      for (const symbol of listed) await this.registry.upsert(symbol, { desiredState: 'running' });
      this.logger.log(`first start: autostart ${listed.join(', ') || '(none)'}`);
    }
    this.enterPhase('resuming');
    const { started, recovering, heldFailed } = await this.manager.resumeFromRegistry(
      this.config.resume.staggerMs,
    );
    this.enterPhase('ready');
    if (!this.isShuttingDown) this.jobs.start();
    this.logger.log(`resuming ${started.length} engine(s): ${started.join(', ')}`);
    if (recovering.length > 0)
      this.logger.warn(
        `recovering ${recovering.length} crashed engine(s): ${recovering.join(', ')}`,
      );
    if (heldFailed.length > 0)
      this.logger.warn(`${heldFailed.length} engine(s) stay failed: ${heldFailed.join(', ')}`);
  }

  /** Readiness turns false here, before anything else of the shutdown runs (main.ts calls it on SIGTERM). */
  beginShutdown(signal?: string): void {
    this.currentPhase = 'shutting-down';
    this.signal ??= signal;
  }

  /** Idempotent: a second call (a test, then app.close()) waits for the first. */
  beforeApplicationShutdown(signal?: string): Promise<void> {
    this.beginShutdown();
    return (this.enginesStopped ??= this.stopEngines(signal));
  }

  onApplicationShutdown(): Promise<void> {
    return (this.released ??= this.release());
  }

  private async stopEngines(signal?: string): Promise<void> {
    this.logger.log(`shutting down (${signal ?? this.signal ?? 'close'}): stopping engines`);
    this.jobs.stop();
    // Desired states stay as they are, so the next start resumes the same fleet.
    await this.step('engines', () => this.manager.shutdown());
    await this.step('registry flush', () => this.manager.flushRegistry());
    await this.step('audit trail and risk state', () => this.trading.drain());
    const unsaved = this.manager.unsavedWrites();
    if (unsaved.length > 0) {
      this.writesLost = true;
      const which = unsaved.map((u) => `${u.symbol} (${u.fields.join(', ')}: ${u.error})`);
      this.logger.error(
        `shutdown: ${unsaved.length} engine record(s) have changes the registry never saved: ${which.join('; ')}`,
      );
    }
  }

  /** Every step runs even if an earlier one failed: the simulator child must never be left behind. */
  private async release(): Promise<void> {
    // After the engines' last writes (flushed before this), so a standby takes over at once
    // instead of after the ttl; before the registry closes the connection it needs.
    await this.step('ownership lease', () => this.lease.release());
    await this.step('registry', () => this.registry.close());
    await this.step('market data', () => this.hub.close());
    await this.step('venue', () => this.venue.close());
    this.logger.log('shutdown complete');
    await this.logging.flush();
    await this.logging.close();
  }

  private async step(what: string, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (err) {
      this.logger.error(`shutdown step ${what} failed: ${(err as Error).message}`);
    }
  }
}
