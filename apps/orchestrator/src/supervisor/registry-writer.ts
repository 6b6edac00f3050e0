import { DomainError, errorMessage, type StructuredLogger } from '@flotilla/core';
import type { EngineRecordPatch, EngineRegistryPort } from '@flotilla/engine';

/** Fields of one symbol's record whose last write failed and that no later write has saved. */
export interface UnsavedWrite {
  symbol: string;
  fields: string[];
  error: string;
}

/**
 * Serialises registry writes per symbol (so they land in order). A background write (an engine's
 * transition) never reaches the engine: its failure is logged and remembered until a later write
 * of the same fields lands. A commit (an operator's command) rejects, so the command can refuse.
 */
export class RegistryWriter {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly unsaved = new Map<string, Map<string, string>>();

  constructor(
    private readonly registry: EngineRegistryPort,
    private readonly logger: StructuredLogger,
  ) {}

  write(symbol: string, patch: EngineRecordPatch): Promise<void> {
    return this.enqueue(symbol, patch).catch((e: unknown) => {
      const error = errorMessage(e);
      this.logger.error('registry write failed', { symbol, fields: Object.keys(patch), error });
      const fields = this.unsaved.get(symbol) ?? new Map<string, string>();
      for (const field of Object.keys(patch)) fields.set(field, error);
      this.unsaved.set(symbol, fields);
    });
  }

  /** Rejects with a DomainError (REGISTRY_WRITE_FAILED unless the registry gave a code) when the write did not land. */
  commit(symbol: string, patch: EngineRecordPatch): Promise<void> {
    return this.enqueue(symbol, patch).catch((e: unknown) => {
      if (e instanceof DomainError) throw e;
      throw new DomainError(
        'REGISTRY_WRITE_FAILED',
        `engine registry refused the change to ${symbol}: ${errorMessage(e)}`,
      );
    });
  }

  /** What the registry still lacks because background writes failed (logged at shutdown). */
  unsavedWrites(): UnsavedWrite[] {
    return [...this.unsaved].map(([symbol, fields]) => ({
      symbol,
      fields: [...fields.keys()],
      error: [...fields.values()].at(-1) ?? '',
    }));
  }

  /** Resolves once every write queued so far has landed or failed. */
  async flush(): Promise<void> {
    await Promise.all([...this.chains.values()]);
  }

  private enqueue(symbol: string, patch: EngineRecordPatch): Promise<void> {
    const previous = this.chains.get(symbol) ?? Promise.resolve();
    const landed = previous
      .then(() => this.registry.upsert(symbol, patch))
      .then(() => this.saved(symbol, patch));
    this.chains.set(
      symbol,
      landed.catch(() => undefined),
    );
    return landed;
  }

  /** Patches set absolute values, so a write that lands supersedes earlier failures of its fields. */
  private saved(symbol: string, patch: EngineRecordPatch): void {
    const fields = this.unsaved.get(symbol);
    if (!fields) return;
    for (const field of Object.keys(patch)) fields.delete(field);
    if (fields.size === 0) this.unsaved.delete(symbol);
  }
}
