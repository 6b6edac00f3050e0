import {
  Backoff,
  errorMessage,
  type Clock,
  type StructuredLogger,
  type TimerHandle,
} from '@flotilla/core';
import type { SimExit, SimHandle, SimLauncher } from './sim-process';

/** Where the supervisor reports the simulator's state (the metrics service in the app). */
export interface SimObserver {
  simUp(up: boolean): void;
  simRestarted(): void;
}

export interface SimSupervisorOptions {
  readonly launch: SimLauncher;
  readonly clock: Clock;
  readonly logger: StructuredLogger;
  readonly observer?: SimObserver;
  /** Uniform in [0, 1) for the backoff's jitter; injectable so specs see a fixed schedule. */
  readonly random?: () => number;
}

/** 0.5 s, 1 s, 2 s … capped at 30 s (equal jitter), from the start again after a healthy minute. */
export const SIM_RESTART_INITIAL_MS = 500;
export const SIM_RESTART_MAX_MS = 30_000;
export const SIM_HEALTHY_RESET_MS = 60_000;

/**
 * Keeps the embedded simulator child alive: an unexpected exit is restarted with backoff on the
 * same port, so the hub's URLs stay valid and its feeds reconnect by themselves. Never restarts
 * once close() has begun.
 */
export class EmbeddedSimSupervisor {
  readonly mode = 'embedded-sim' as const;
  private current: SimHandle | undefined;
  private port = 0;
  private urls: { restUrl: string; wsPublicUrl: string } | undefined;
  private closing = false;
  private timer: TimerHandle | undefined;
  private relaunch: Promise<void> | undefined;
  private restartCount = 0;
  private readonly backoff: Backoff;

  constructor(private readonly opts: SimSupervisorOptions) {
    this.backoff = new Backoff({
      initialMs: SIM_RESTART_INITIAL_MS,
      maxMs: SIM_RESTART_MAX_MS,
      resetAfterMs: SIM_HEALTHY_RESET_MS,
      random: opts.random,
    });
  }

  get restUrl(): string {
    return this.started().restUrl;
  }

  get wsPublicUrl(): string {
    return this.started().wsPublicUrl;
  }

  /** The running child's pid, undefined while it is down. */
  get pid(): number | undefined {
    return this.current?.pid;
  }

  get restarts(): number {
    return this.restartCount;
  }

  get isUp(): boolean {
    return this.current !== undefined;
  }

  /** The first start on any free port; a failure here fails the boot (nothing to supervise yet). */
  async start(): Promise<void> {
    const handle = await this.opts.launch(0);
    this.port = handle.port;
    this.urls = { restUrl: handle.restUrl, wsPublicUrl: handle.wsPublicUrl };
    this.adopt(handle);
  }

  async close(): Promise<void> {
    this.closing = true;
    this.timer?.cancel();
    this.timer = undefined;
    await this.relaunch;
    const handle = this.current;
    this.current = undefined;
    await handle?.stop();
    this.opts.observer?.simUp(false);
  }

  private adopt(handle: SimHandle): void {
    this.current = handle;
    this.backoff.markConnected(this.opts.clock.monotonicMs());
    this.opts.observer?.simUp(true);
    this.opts.logger.info('embedded simulator started', { simPid: handle.pid, port: handle.port });
    void handle.exited.then((exit) => this.onExit(handle, exit));
  }

  private onExit(handle: SimHandle, exit: SimExit): void {
    if (this.closing || handle !== this.current) return;
    this.current = undefined;
    this.backoff.markDisconnected(this.opts.clock.monotonicMs());
    this.opts.observer?.simUp(false);
    this.opts.logger.error('embedded simulator exited unexpectedly', {
      simPid: handle.pid,
      code: exit.code,
      signal: exit.signal,
    });
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    const delayMs = this.backoff.nextDelayMs();
    this.opts.logger.warn('embedded simulator restart scheduled', {
      port: this.port,
      inMs: delayMs,
      attempt: this.backoff.attempts,
    });
    this.timer = this.opts.clock.setTimeout(() => {
      this.timer = undefined;
      this.relaunch = this.restart().finally(() => (this.relaunch = undefined));
    }, delayMs);
  }

  private async restart(): Promise<void> {
    let handle: SimHandle;
    try {
      handle = await this.opts.launch(this.port);
    } catch (err) {
      this.opts.logger.warn('embedded simulator restart failed', {
        port: this.port,
        error: errorMessage(err),
      });
      if (!this.closing) this.scheduleRestart();
      return;
    }
    if (this.closing) {
      await handle.stop();
      return;
    }
    this.restartCount++;
    this.opts.observer?.simRestarted();
    this.opts.logger.warn('embedded simulator restarted', {
      simPid: handle.pid,
      port: handle.port,
      restarts: this.restartCount,
    });
    this.adopt(handle);
  }

  private started(): { restUrl: string; wsPublicUrl: string } {
    if (!this.urls) throw new Error('embedded simulator not started');
    return this.urls;
  }
}
