import { errorMessage, type StructuredLogger } from '@flotilla/core';
import type { EngineRecordPatch, EngineRegistryPort } from '@flotilla/engine';

/**
 * Serialises registry writes per symbol (so they land in order) and never lets a failing write
 * reach an engine: the failure is logged and the chain continues.
 */
export class RegistryWriter {
  private readonly chains = new Map<string, Promise<void>>();
  failures = 0;

  constructor(
    private readonly registry: EngineRegistryPort,
    private readonly logger: StructuredLogger,
  ) {}

  write(symbol: string, patch: EngineRecordPatch): Promise<void> {
    const previous = this.chains.get(symbol) ?? Promise.resolve();
    const next = previous
      .then(() => this.registry.upsert(symbol, patch).then(() => undefined))
      .catch((e: unknown) => {
        this.failures++;
        this.logger.error('registry write failed', {
          symbol,
          fields: Object.keys(patch),
          error: errorMessage(e),
        });
      });
    this.chains.set(symbol, next);
    return next;
  }

  /** Resolves once every write queued so far has landed or failed. */
  async flush(): Promise<void> {
    await Promise.all([...this.chains.values()]);
  }
}
