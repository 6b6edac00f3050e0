import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ENGINE_STATES, type EngineState } from '@flotilla/engine';
import type { EngineStateChange, EngineStatus } from '../supervisor';
import { registerEngineMetrics } from './engine-metrics';
import { renderInTurns } from './render-in-turns';
import { registerServiceGauges, type ServiceGaugeSources } from './service-gauges';
import type { SimObserver } from '../venue/embedded-sim-supervisor';

/** Reads the live totals the collectors turn into Prometheus series; set once the fleet exists. */
export interface MetricsSources {
  engineStates(): Record<EngineState, number>;
  /** Every engine's status, read once per scrape for the per-engine series. */
  engines(): readonly EngineStatus[] | Promise<readonly EngineStatus[]>;
  eventsProcessed(): number;
  handledErrors(): number;
  feed(): {
    messages: number;
    reconnects: number;
    gaps: number;
    resyncs: number;
    malformed: number;
  };
}

/** A dependency's cached state, as the background check last saw it (health/dependency-monitor). */
export interface DependencyGaugeSource {
  name: string;
  status: 'up' | 'down' | 'unknown';
  latencyMs: number | null;
}

/** One prom-client registry per app instance, so several apps in one test process never clash. */
@Injectable()
export class MetricsService implements SimObserver {
  readonly registry = new Registry();
  private sources: MetricsSources | undefined;
  private serviceSources: ServiceGaugeSources | undefined;
  /** The fleet's status read at the start of a scrape, shared by the per-engine gauges. */
  private scrapeEngines: readonly EngineStatus[] | undefined;
  private dependencies: (() => DependencyGaugeSource[]) | undefined;
  private leaseSource: (() => { state: string; epoch: number | null }) | undefined;
  private readonly crashedAt = new Map<string, number>();
  private rendering: Promise<string> | null = null;
  private readonly tickToSignal: Histogram;
  private readonly signalToAck: Histogram;
  private readonly crashToRunning: Histogram;
  private readonly restarts: Counter;
  private readonly signals: Counter;
  private readonly failures: Counter;
  private readonly resumeFailures: Counter;
  private readonly transitions: Counter;
  private readonly simRestarts: Counter;
  private readonly simUpGauge: Gauge;
  readonly httpRequests: Counter;
  readonly httpDuration: Histogram;

  constructor() {
    // No prefix: stock Node.js dashboards and rules look for process_* and nodejs_* as they are.
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.tickToSignal = new Histogram({
      name: 'flotilla_tick_to_signal_seconds',
      help: 'Time from a market event arriving to the signal it produced',
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
      registers,
    });
    this.signalToAck = new Histogram({
      name: 'flotilla_signal_to_ack_seconds',
      help: 'Time from a signal to the venue acknowledging its entry order',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.crashToRunning = new Histogram({
      name: 'flotilla_crash_to_running_seconds',
      help: 'Time from an engine crash to the same engine running again',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 30, 300],
      registers,
    });
    this.restarts = new Counter({
      name: 'flotilla_engine_restarts_total',
      help: 'Automatic engine restarts per engine',
      labelNames: ['symbol'],
      registers,
    });
    this.signals = new Counter({
      name: 'flotilla_engine_signals_total',
      help: 'Signals the strategy produced per engine',
      labelNames: ['symbol'],
      registers,
    });
    this.failures = new Counter({
      name: 'flotilla_engine_failed_total',
      help: 'Engines that reached the restart limit and were left failed',
      registers,
    });
    this.resumeFailures = new Counter({
      name: 'flotilla_engine_resume_failures_total',
      help: 'Engines the boot resume could not start (left failed, or handed to the recovery policy)',
      registers,
    });
    this.transitions = new Counter({
      name: 'flotilla_engine_transitions_total',
      help: 'Engine lifecycle transitions by target state',
      labelNames: ['to'],
      registers,
    });
    this.simRestarts = new Counter({
      name: 'flotilla_venue_sim_restarts_total',
      help: 'Restarts of the embedded simulator after it exited unexpectedly',
      registers,
    });
    this.simUpGauge = new Gauge({
      name: 'flotilla_venue_sim_up',
      help: '1 while the embedded simulator child runs; 0 while it is down or when none is embedded',
      registers,
    });
    this.httpRequests = new Counter({
      name: 'flotilla_http_requests_total',
      help: 'HTTP requests by method, route and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'flotilla_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1],
      registers,
    });
    const sources = (): MetricsSources | undefined => this.sources;
    registerEngineMetrics(this.registry, () => this.scrapeEngines ?? []);
    registerServiceGauges(this.registry, () => this.serviceSources);
    const lease = () => this.leaseSource?.();
    new Gauge({
      name: 'flotilla_lease_owner',
      help: 'Whether this process holds the fleet ownership lease (0: standby, lost or released)',
      registers,
      collect() {
        this.set(lease()?.state === 'owner' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'flotilla_lease_epoch',
      help: 'Epoch of the ownership lease as last seen (ours while owner, the holder’s on a standby)',
      registers,
      collect() {
        this.set(lease()?.epoch ?? 0);
      },
    });
    new Gauge({
      name: 'flotilla_engines',
      help: 'Engines by lifecycle state',
      labelNames: ['state'],
      registers,
      collect() {
        const counts = sources()?.engineStates();
        for (const state of ENGINE_STATES) this.set({ state }, counts?.[state] ?? 0);
      },
    });
    const dependencies = (): DependencyGaugeSource[] => this.dependencies?.() ?? [];
    new Gauge({
      name: 'flotilla_dependency_up',
      help: 'Whether the last background check found the dependency up (1) or not (0)',
      labelNames: ['dependency'],
      registers,
      collect() {
        for (const d of dependencies()) this.set({ dependency: d.name }, d.status === 'up' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'flotilla_dependency_check_seconds',
      help: 'How long the last background check of the dependency took',
      labelNames: ['dependency'],
      registers,
      collect() {
        for (const d of dependencies())
          if (d.latencyMs !== null) this.set({ dependency: d.name }, d.latencyMs / 1000);
      },
    });
    this.monotonic(
      'flotilla_engine_events_processed_total',
      'Market and timer events handled by engines',
      () => sources()?.eventsProcessed() ?? 0,
    );
    this.monotonic(
      'flotilla_engine_handled_errors_total',
      'Handled (non-fatal) engine errors, each injected error fault included',
      () => sources()?.handledErrors() ?? 0,
    );
    this.monotonic(
      'flotilla_feed_messages_total',
      'Market-data frames received',
      () => sources()?.feed().messages ?? 0,
    );
    this.monotonic(
      'flotilla_feed_reconnects_total',
      'Market-data reconnects',
      () => sources()?.feed().reconnects ?? 0,
    );
    this.monotonic(
      'flotilla_feed_gaps_total',
      'Order-book sequence gaps detected',
      () => sources()?.feed().gaps ?? 0,
    );
    this.monotonic(
      'flotilla_feed_resyncs_total',
      'Order-book resyncs',
      () => sources()?.feed().resyncs ?? 0,
    );
    this.monotonic(
      'flotilla_feed_malformed_total',
      'Malformed frames dropped',
      () => sources()?.feed().malformed ?? 0,
    );
  }

  setDependencySource(read: () => DependencyGaugeSource[]): void {
    this.dependencies = read;
  }

  /** flotilla_lease_owner (1 while this process owns the fleet) and flotilla_lease_epoch. */
  setLeaseSource(source: () => { state: string; epoch: number | null }): void {
    this.leaseSource = source;
  }

  setSources(sources: MetricsSources): void {
    this.sources = sources;
  }

  /** flotilla_ready and flotilla_registry_pending_writes. */
  setServiceSources(sources: ServiceGaugeSources): void {
    this.serviceSources = sources;
  }

  simUp(up: boolean): void {
    this.simUpGauge.set(up ? 1 : 0);
  }

  simRestarted(): void {
    this.simRestarts.inc();
  }

  observeSignal(symbol: string, tickToSignalMs: number): void {
    this.signals.inc({ symbol });
    this.tickToSignal.observe(tickToSignalMs / 1000);
  }

  observeEntryAck(signalToAckMs: number): void {
    this.signalToAck.observe(signalToAckMs / 1000);
  }

  observeTransition(change: EngineStateChange): void {
    this.transitions.inc({ to: change.to });
    if (change.to === 'crashed') this.crashedAt.set(change.symbol, change.at);
    if (change.to === 'failed') {
      this.failures.inc();
      this.crashedAt.delete(change.symbol);
    }
    // Every automatic restart leaves backoff; an operator's start from crashed is not one.
    if (change.to === 'starting' && change.from === 'backoff')
      this.restarts.inc({ symbol: change.symbol });
    if (change.to === 'running') {
      const crashed = this.crashedAt.get(change.symbol);
      if (crashed !== undefined) this.crashToRunning.observe((change.at - crashed) / 1000);
      this.crashedAt.delete(change.symbol);
    }
    if (change.to === 'stopped') this.crashedAt.delete(change.symbol);
  }

  observeResumeFailure(): void {
    this.resumeFailures.inc();
  }

  /**
   * The exposition text. A scrape spans several turns of the event loop (renderInTurns), so
   * scrapes that overlap share one rendering: the fleet read for the per-engine series and the
   * running totals' deltas belong to one scrape at a time.
   */
  render(): Promise<string> {
    this.rendering ??= this.renderOnce().finally(() => {
      this.rendering = null;
    });
    return this.rendering;
  }

  private async renderOnce(): Promise<string> {
    this.scrapeEngines = await this.sources?.engines();
    try {
      return await renderInTurns(this.registry);
    } finally {
      this.scrapeEngines = undefined;
    }
  }

  /** A counter fed from a running total that may restart from zero (an engine's counters reset on restart). */
  private monotonic(name: string, help: string, read: () => number): void {
    let last = 0;
    new Counter({
      name,
      help,
      registers: [this.registry],
      collect() {
        const now = read();
        if (now > last) this.inc(now - last);
        last = now;
      },
    });
  }
}
