import { IncomingMessage, ServerResponse } from 'node:http';
import { Clock } from '@flotilla/core';
import { Exchange } from '../exchange';
import { FaultRequest } from '../faults';
import { ActivePrivateFault, PrivateFaults } from './private-faults';
import { PrivateRest } from './private-rest';
import { RateLimiter } from './rate-limit';
import { StateFile } from './state-file';
import { attachedStopGate } from './stop-reject';

export interface PrivateSideOptions {
  readonly statePath?: string;
  readonly rateLimitScale?: number;
  /** Where drill faults log what they did (default stderr). */
  readonly log?: (line: string) => void;
}

/** The simulator's private side around its exchange: REST, faults, the state file. */
export class PrivateSide {
  private readonly faults: PrivateFaults;
  private readonly rest: PrivateRest;
  private readonly stateFile: StateFile | null;
  private dropHook: (() => number) | null = null;

  constructor(clock: Clock, exchange: Exchange, seed: number, opts: PrivateSideOptions) {
    const stateFile = opts.statePath
      ? new StateFile(opts.statePath, clock, () => exchange.toJSON())
      : null;
    // Fills from the market's ticks arrive as events; commands call onCommand.
    for (const key of exchange.accountKeys()) exchange.subscribe(key, () => stateFile?.changed());
    this.stateFile = stateFile;
    this.faults = new PrivateFaults(clock, seed);
    exchange.setAttachedStopGate(
      attachedStopGate(this.faults, opts.log ?? ((line) => process.stderr.write(`${line}\n`))),
    );
    this.rest = new PrivateRest({
      clock,
      exchange,
      limiter: new RateLimiter(opts.rateLimitScale ?? 1),
      faults: this.faults,
      onCommand: () => stateFile?.changed(),
    });
  }

  /** Serves the request and returns true when the path is a private route. */
  route(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    if (!PrivateRest.isPrivatePath(path)) return false;
    void this.rest.handle(req, res, path);
    return true;
  }

  /** A private fault: private-drop closes sockets through the hook, the rest go on the board. */
  inject(f: FaultRequest): { active?: ActivePrivateFault; affectedConnections?: number } {
    if (f.type === 'private-drop') return { affectedConnections: this.dropHook?.() ?? 0 };
    return { active: this.faults.add(f) };
  }

  onPrivateDrop(hook: () => number): void {
    this.dropHook = hook;
  }

  activeFaults(): ActivePrivateFault[] {
    return this.faults.list();
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Ends the faults and writes the state file now (close, SIGTERM). */
  close(): void {
    this.faults.clear();
    this.stateFile?.flush();
  }
}
