import { Inject, Injectable } from '@nestjs/common';
import { FleetLifecycle, type FleetPhase } from '../runtime/fleet-lifecycle.service';
import type { DependencyMonitor, DependencyState } from './dependency-monitor';
import { DEPENDENCY_MONITOR } from './dependency-monitor.provider';

export type DependencyView = Omit<DependencyState, 'name' | 'details'> & Record<string, unknown>;

export interface FleetIndicator {
  status: 'up' | 'down';
  phase: FleetPhase;
  message?: string;
}

/** Terminus's shape for the readiness gate, plus the cached dependency states. */
export interface ReadinessBody {
  status: 'ok' | 'error';
  info: Record<string, FleetIndicator>;
  error: Record<string, FleetIndicator>;
  details: Record<string, FleetIndicator>;
  /** Names of dependencies not up; they never make the process unready. */
  degraded: string[];
  dependencies: Record<string, DependencyView>;
}

export interface DependenciesBody {
  status: 'ok' | 'degraded';
  degraded: string[];
  dependencies: Record<string, DependencyView>;
}

const NOT_READY: Record<Exclude<FleetPhase, 'ready'>, string> = {
  booting: 'booting',
  standby: 'standby: waiting for the registry lease',
  resuming: 'resuming engines',
  'shutting-down': 'shutting down',
};

/** Builds the probe answers from in-memory state only: a probe never calls the venue or the database. */
@Injectable()
export class HealthService {
  constructor(
    private readonly lifecycle: FleetLifecycle,
    @Inject(DEPENDENCY_MONITOR) private readonly monitor: DependencyMonitor,
  ) {}

  readiness(): { ready: boolean; body: ReadinessBody } {
    const ready = this.lifecycle.isReady;
    const phase = this.lifecycle.phase;
    const fleet: FleetIndicator = ready
      ? { status: 'up', phase }
      : { status: 'down', phase, message: phase === 'ready' ? 'not ready' : NOT_READY[phase] };
    const gate = { fleet };
    return {
      ready,
      body: {
        status: ready ? 'ok' : 'error',
        info: ready ? gate : {},
        error: ready ? {} : gate,
        details: gate,
        ...this.dependencyViews(),
      },
    };
  }

  dependencies(): DependenciesBody {
    const views = this.dependencyViews();
    return { status: views.degraded.length === 0 ? 'ok' : 'degraded', ...views };
  }

  private dependencyViews(): Pick<DependenciesBody, 'degraded' | 'dependencies'> {
    const states = this.monitor.states();
    const dependencies: Record<string, DependencyView> = {};
    for (const { name, details, ...state } of states) dependencies[name] = { ...details, ...state };
    const degraded = states.filter((s) => s.status !== 'up').map((s) => s.name);
    return { degraded, dependencies };
  }
}
