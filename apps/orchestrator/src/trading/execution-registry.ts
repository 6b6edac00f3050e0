import type { ExecutorView } from '@flotilla/execution';

/**
 * symbol → the ExecutorView of the engine's current run. The execution factory registers a view
 * when it builds one (every engine start) and unregisters it when the run ends; an unregister of a
 * view that was already replaced by a newer run's is ignored, so a late stop cannot hide the new run.
 */
export class ExecutionRegistry {
  private readonly views = new Map<string, ExecutorView>();

  register(symbol: string, view: ExecutorView): void {
    this.views.set(symbol, view);
  }

  unregister(symbol: string, view: ExecutorView): void {
    if (this.views.get(symbol) === view) this.views.delete(symbol);
  }

  get(symbol: string): ExecutorView | undefined {
    return this.views.get(symbol);
  }

  /** Sorted by symbol, so every view of the desk lists engines in the same order. */
  list(): ExecutorView[] {
    return [...this.views.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, view]) => view);
  }
}
