import { Inject, Injectable } from '@nestjs/common';
import type { OwnershipLease, LeaseState } from '@flotilla/registry';
import { FleetLifecycle, type FleetPhase } from '../runtime/fleet-lifecycle.service';
import type { DependencyMonitor, DependencyState } from './dependency-monitor';
import { DEPENDENCY_MONITOR } from './dependency-monitor.provider';
import { EXECUTIONS, OWNERSHIP } from '../runtime/tokens';
import type { ExecutionRegistry } from '../trading/execution-registry';

export type DependencyView = Omit<DependencyState, 'name' | 'details'> & Record<string, unknown>;

export interface FleetIndicator {
  status: 'up' | 'down';
  phase: FleetPhase;
  message?: string;
}

/** Whether this process holds the registry lease (JSON: the DATA_DIR lock), and who does. */
export interface OwnershipIndicator {
  status: 'up' | 'down';
  state: LeaseState;
  epoch: number | null;
  holder: string | null;
  self: string;
  message?: string;
}

interface Gate {
  fleet?: FleetIndicator;
  ownership?: OwnershipIndicator;
}

/** Terminus's shape for the readiness gate, plus the cached dependency states. */
export interface ReadinessBody {
  status: 'ok' | 'error';
  info: Gate;
  error: Gate;
  details: Gate;
  /** Names of dependencies not up; they never make the process unready. */
  degraded: string[];
  dependencies: Record<string, DependencyView>;
  reconciliation: ReconciliationSummary;
}

/** How many engine runs reconciled with the venue (SPEC 9); reported, never a readiness gate. */
export interface ReconciliationSummary {
  engines: number;
  done: number;
  pending: number;
  running: number;
  failed: number;
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
    @Inject(OWNERSHIP) private readonly lease: OwnershipLease,
    @Inject(EXECUTIONS) private readonly executions: ExecutionRegistry,
  ) {}

  readiness(): { ready: boolean; body: ReadinessBody } {
    const ready = this.lifecycle.isReady;
    const phase = this.lifecycle.phase;
    const fleet: FleetIndicator = ready
      ? { status: 'up', phase }
      : { status: 'down', phase, message: phase === 'ready' ? 'not ready' : NOT_READY[phase] };
    const ownership = this.ownership();
    const up = (i: { status: string }) => i.status === 'up';
    return {
      ready,
      body: {
        status: ready ? 'ok' : 'error',
        info: { ...(up(fleet) && { fleet }), ...(up(ownership) && { ownership }) },
        error: { ...(!up(fleet) && { fleet }), ...(!up(ownership) && { ownership }) },
        details: { fleet, ownership },
        ...this.dependencyViews(),
        reconciliation: this.reconciliation(),
      },
    };
  }

  private reconciliation(): ReconciliationSummary {
    const summary = { engines: 0, done: 0, pending: 0, running: 0, failed: 0 };
    for (const view of this.executions.list()) {
      summary.engines++;
      summary[view.status().reconcile.state]++;
    }
    return summary;
  }

  private ownership(): OwnershipIndicator {
    const { state, epoch, holder, self } = this.lease.status();
    if (state === 'owner') return { status: 'up', state, epoch, holder, self };
    const message = `${state}: the fleet is owned by ${holder ?? 'nobody'}`;
    return { status: 'down', state, epoch, holder, self, message };
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
