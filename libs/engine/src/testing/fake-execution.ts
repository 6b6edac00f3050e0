import { dec, type BookEvent } from '@flotilla/core';
import type { Intent } from '@flotilla/trading';
import type {
  EngineExecution,
  ExecutionFactory,
  ExecutionHost,
  ExecutionStatusView,
  MaintenanceJob,
} from '../execution-handle';
import type { VenueEvent } from '../ports';

/** Records every call in order; `throwOn` makes the named method throw (to crash the engine). */
export class FakeExecution implements EngineExecution {
  readonly calls: string[] = [];
  readonly intents: Intent[] = [];
  readonly venueEvents: VenueEvent[] = [];
  stops = 0;
  realizedPnl = '0';
  throwOn: string | null = null;

  constructor(readonly host: ExecutionHost) {}

  start(): void {
    this.record('start');
  }
  stop(): void {
    this.stops++;
    this.record('stop');
  }
  onIntent(intent: Intent): void {
    this.intents.push(intent);
    this.record(`intent:${intent.side}`);
  }
  onBook(_event: BookEvent): void {
    this.record('book');
  }
  onTimer(_nowMs: number): void {
    this.record('timer');
  }
  onVenueEvent(event: VenueEvent): void {
    this.venueEvents.push(event);
    this.record(`venue:${event.kind}`);
  }
  flatten(reason: string, actor: string, requestId: string | null): void {
    this.record(`flatten:${reason}:${actor}:${requestId ?? '-'}`);
  }
  maintenance(job: MaintenanceJob, nowMs: number): void {
    this.record(`maintenance:${job}@${nowMs}`);
  }
  status(): ExecutionStatusView {
    return {
      position: null,
      unrealizedPnl: dec('0'),
      realizedPnl: dec(this.realizedPnl),
      tradeCount: this.stops,
      reconcile: { state: 'done', atMs: null, differences: 0, error: null },
    };
  }

  private record(call: string): void {
    this.calls.push(call);
    if (this.throwOn !== null && call.startsWith(this.throwOn)) {
      throw new Error(`fake execution threw on ${call}`);
    }
  }
}

/** A factory that keeps every execution it built, newest last. */
export function fakeExecutionFactory(): { factory: ExecutionFactory; built: FakeExecution[] } {
  const built: FakeExecution[] = [];
  return {
    built,
    factory: (host) => {
      const execution = new FakeExecution(host);
      built.push(execution);
      return execution;
    },
  };
}
