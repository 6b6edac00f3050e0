import { errorMessage, type BookEvent } from '@flotilla/core';
import type {
  EngineExecution,
  ExecutionStatusView,
  MaintenanceJob,
  VenueEvent,
} from '@flotilla/engine';
import type { Intent } from '@flotilla/trading';
import { AgedExit } from './aged-exit';
import type { ExecutionStats, ExecutorDeps, ExecutorView, TrackedOrder } from './contracts';
import { EntryFlow } from './entry-flow';
import { ExecCore } from './exec-core';
import { ExitFlow } from './exit-flow';
import { OrderPlacer } from './order-placer';
import { PositionKeeper } from './position-keeper';
import { ProtectionGuard } from './protection-guard';
import { Reconciler } from './reconciler';
import { StopGuard } from './stop-guard';
import { TrailingStop } from './trailing-stop';
import { ZombieSweeper } from './zombie-sweeper';

/** Venue events held while reconciliation runs (replayed after it; the oldest go first). */
export const PENDING_EVENTS_KEPT = 1000;

/**
 * One engine run's execution, inside the engine actor: signals become protected positions, venue
 * answers and private-stream events come back through the host's mailbox, and nothing here waits
 * on the venue. Built afresh at every start; it learns its position from the venue (start()).
 */
export class Executor implements EngineExecution, ExecutorView {
  readonly symbol: string;
  private readonly core: ExecCore;
  private readonly placer: OrderPlacer;
  private readonly exits: ExitFlow;
  private readonly guard: StopGuard;
  private readonly keeper: PositionKeeper;
  private readonly entries: EntryFlow;
  private readonly reconciler: Reconciler;
  private readonly trailing: TrailingStop;
  private readonly aged: AgedExit;
  private readonly protection: ProtectionGuard;
  private readonly zombies: ZombieSweeper;
  private readonly pending: VenueEvent[] = [];
  private flattenAfterReconcile: {
    reason: string;
    actor: string;
    requestId: string | null;
  } | null = null;

  constructor(deps: ExecutorDeps) {
    this.core = new ExecCore(deps);
    this.symbol = this.core.symbol;
    this.placer = new OrderPlacer(this.core);
    this.exits = new ExitFlow(this.core, this.placer, () => this.guard.begin());
    this.guard = new StopGuard(this.core, this.placer, this.exits);
    this.keeper = new PositionKeeper(this.core, this.guard, this.exits);
    this.entries = new EntryFlow(this.core, this.placer, this.exits);
    this.reconciler = new Reconciler(this.core, this.keeper, this.guard, this.exits, () =>
      this.reconciled(),
    );
    this.trailing = new TrailingStop(this.core, this.placer);
    this.aged = new AgedExit(this.core, this.placer);
    this.protection = new ProtectionGuard(this.core, this.guard, this.exits);
    this.zombies = new ZombieSweeper(this.core);
  }

  start(): void {
    if (this.core.stopped || this.core.reconcile.state !== 'pending') return;
    this.reconciler.start();
  }

  stop(): void {
    this.core.stopped = true;
    this.guard.dispose();
    this.pending.length = 0;
  }

  onIntent(intent: Intent): void {
    if (!this.core.stopped) this.entries.onIntent(intent);
  }

  onBook(event: BookEvent): void {
    if (event.symbol !== this.symbol) return;
    this.core.book = event.book;
    if (!this.core.stopped && this.core.reconcile.state === 'done') this.trailing.onMark();
  }

  onTimer(nowMs: number): void {
    if (this.core.stopped) return;
    this.reconciler.onTimer(nowMs);
    if (this.core.reconcile.state !== 'done') return;
    this.placer.onTimer(nowMs);
    this.keeper.onTimer();
    this.guard.onTimer(nowMs);
    this.trailing.onMark(); // a move the rate limit held back goes without waiting for a book
    this.aged.onTimer(nowMs);
  }

  /** The fleet's guard and zombie jobs; nothing before reconciliation is done. */
  maintenance(job: MaintenanceJob, nowMs: number): void {
    if (this.core.stopped || this.core.reconcile.state !== 'done') return;
    if (job === 'guard') this.protection.sweep();
    else this.zombies.tick(nowMs);
  }

  onVenueEvent(event: VenueEvent): void {
    if (this.core.stopped) return;
    if (this.core.reconcile.state !== 'done') {
      this.pending.push(event);
      if (this.pending.length > PENDING_EVENTS_KEPT) this.pending.shift();
      return;
    }
    switch (event.kind) {
      case 'fill':
        return this.keeper.onFill(event.fill);
      case 'order':
        return this.keeper.onOrder(event.order);
      case 'position':
        return this.keeper.onPosition(event.position);
      case 'wallet':
        return;
    }
  }

  flatten(reason: string, actor: string, requestId: string | null): void {
    if (this.core.stopped) return;
    if (this.core.reconcile.state !== 'done') {
      this.flattenAfterReconcile = { reason, actor, requestId };
      this.core.audit(
        'operator.flatten',
        requestId,
        { reason, deferred: 'until reconciled' },
        { actor, requestId },
      );
      return;
    }
    this.exits.flatten(reason, actor, requestId);
  }

  status(): ExecutionStatusView {
    const core = this.core;
    const p = core.position;
    const ledger = core.ledger;
    // Fills recovered while reconciling fill the ledger before the position is decided: until
    // then the run holds no position of its own (a 'flat' one with a size is not a state).
    const held = p.state !== 'flat' || (!ledger.qty.isZero() && core.reconcile.state === 'done');
    const plan = held ? this.aged.plan(core.now()) : null;
    return {
      position: held
        ? {
            state: p.state,
            side: ledger.side === 'flat' ? (p.side ?? 'flat') : ledger.side,
            qty: ledger.qty.abs(),
            entryPrice: ledger.avgEntry,
            stopPrice: p.stopPrice,
            stopConfirmed: p.stopConfirmed,
            takeProfitPrice: p.takeProfitPrice,
            openedAtMs: p.openedAtMs,
            trailing: this.trailing.view(),
            ageStage: plan?.stage ?? null,
            exitOrder: this.aged.exitOrder(),
          }
        : null,
      // The mark (a Decimal mid of the book) only when something is held: the fleet status reads
      // every engine's status, and most of a fleet is flat.
      unrealizedPnl: ledger.unrealized(ledger.qty.isZero() ? null : core.mark),
      realizedPnl: ledger.realized,
      tradeCount: ledger.tradeCount,
      reconcile: { ...core.reconcile },
    };
  }

  orders(): readonly TrackedOrder[] {
    return this.core.orders.all();
  }

  stats(): ExecutionStats {
    return this.core.stats.snapshot();
  }

  private reconciled(): void {
    this.applyLeverage();
    const events = this.pending.splice(0);
    for (const e of events) this.onVenueEvent(e);
    const deferred = this.flattenAfterReconcile;
    this.flattenAfterReconcile = null;
    if (deferred) this.exits.flatten(deferred.reason, deferred.actor, deferred.requestId);
  }

  /** The configured leverage, once per run (the venue answers "unchanged" as success). */
  private applyLeverage(): void {
    const { venue, settings, logger } = this.core.deps;
    this.core.call(
      'venue.setLeverage',
      () => venue.setLeverage(this.symbol, settings.leverage),
      () => logger.info('leverage set', { leverage: settings.leverage.toFixed() }),
      (err) => logger.warn('leverage not set', { error: errorMessage(err) }),
    );
  }
}
