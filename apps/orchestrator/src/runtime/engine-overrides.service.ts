import { Inject, Injectable } from '@nestjs/common';
import { definedOnly, validateEngineOverrides, type FlotillaConfig } from '@flotilla/config';
import { errorMessage } from '@flotilla/core';
import type { EngineRegistryPort } from '@flotilla/engine';
import type { Logging } from '@flotilla/logging';
import { assertStartable } from './engine-params';
import { CONFIG, LOGGING, REGISTRY } from './tokens';

/** Per-symbol overrides set over HTTP: validated, persisted in the registry, applied on the next start. */
@Injectable()
export class EngineOverridesService {
  private readonly overrides = new Map<string, Record<string, unknown>>();

  constructor(
    @Inject(CONFIG) private readonly config: FlotillaConfig,
    @Inject(REGISTRY) private readonly registry: EngineRegistryPort,
    @Inject(LOGGING) private readonly logging: Logging,
  ) {}

  /**
   * Reads the stored overrides. One that could not start (stored before it was validated, or made
   * invalid by a changed config file) is reported at once, naming the rule: its engine would
   * otherwise only show a failed start.
   */
  async load(): Promise<void> {
    for (const record of await this.registry.list()) {
      if (Object.keys(record.configOverrides).length === 0) continue;
      this.overrides.set(record.symbol, record.configOverrides);
      try {
        assertStartable(this.config, record.symbol, record.configOverrides);
      } catch (e) {
        this.logging.root.error('ALERT stored config overrides cannot start', {
          symbol: record.symbol,
          alert: 'engine_config_invalid',
          error: errorMessage(e),
          fix: `PUT /engines/${record.symbol}/config with valid overrides ({} removes them)`,
        });
      }
    }
  }

  get(symbol: string): Record<string, unknown> {
    return this.overrides.get(symbol) ?? {};
  }

  /**
   * Replaces the symbol's overrides. Throws INVALID_CONFIG naming the key, value and rule, checked
   * on the body alone and then on the merged result exactly as a start checks it; nothing is
   * stored on a bad body.
   */
  async set(symbol: string, body: unknown): Promise<Record<string, unknown>> {
    const overrides: Record<string, unknown> = definedOnly(
      validateEngineOverrides(body, undefined, 'body'),
    );
    assertStartable(this.config, symbol, overrides);
    await this.registry.upsert(symbol, { configOverrides: overrides });
    this.overrides.set(symbol, overrides);
    return overrides;
  }
}
