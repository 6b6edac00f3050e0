import { DomainError, errorMessage, type StructuredLogger } from '@flotilla/core';
import type { EngineRecordPatch, EngineState } from '@flotilla/engine';
import type { RegistryWriter } from './registry-writer';

/**
 * Operator commands: the registry write is a command's commit point, so it lands before the
 * engine changes; a write that fails refuses the command (503 REGISTRY_UNAVAILABLE, or 500
 * REGISTRY_WRITE_FAILED) and leaves the engine as it was. Commands of one symbol run one after
 * another, so each one's check sees what the previous one did.
 */
export class CommandGate {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(
    private readonly writer: RegistryWriter,
    private readonly logger: StructuredLogger,
    private readonly stateOf: (symbol: string) => EngineState | undefined,
  ) {}

  /** check throws to refuse before anything is written; apply changes the engine once the write landed. */
  run(
    symbol: string,
    verb: string,
    patch: EngineRecordPatch,
    check: (() => void) | null,
    apply: () => void,
  ): Promise<void> {
    const next = (this.tails.get(symbol) ?? Promise.resolve()).then(async () => {
      check?.();
      await this.commit(symbol, verb, patch);
      apply();
    });
    const tail = next.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(symbol, tail);
    void tail.then(() => {
      if (this.tails.get(symbol) === tail) this.tails.delete(symbol);
    });
    return next;
  }

  private async commit(symbol: string, verb: string, patch: EngineRecordPatch): Promise<void> {
    try {
      await this.writer.commit(symbol, patch);
    } catch (e) {
      const code = e instanceof DomainError ? e.code : 'REGISTRY_WRITE_FAILED';
      const state = this.stateOf(symbol);
      const left = state ? `the engine is still ${state}` : 'no engine was created';
      this.logger.error('command refused: registry write failed', {
        symbol,
        command: verb,
        error: errorMessage(e),
      });
      throw new DomainError(
        code,
        `${verb} ${symbol} was not done: the registry could not save it (${errorMessage(e)}); ${left}`,
      );
    }
  }
}
