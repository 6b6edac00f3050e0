import { Inject, Injectable } from '@nestjs/common';
import { validateEngineOverrides, type FlotillaConfig } from '@flotilla/config';
import type { EngineRegistryPort } from '@flotilla/engine';
import { CONFIG, REGISTRY } from './tokens';

/** Per-symbol overrides set over HTTP: validated, persisted in the registry, applied on the next start. */
@Injectable()
export class EngineOverridesService {
  private readonly overrides = new Map<string, Record<string, unknown>>();

  constructor(
    @Inject(CONFIG) private readonly config: FlotillaConfig,
    @Inject(REGISTRY) private readonly registry: EngineRegistryPort,
  ) {}

  async load(): Promise<void> {
    for (const record of await this.registry.list()) {
      if (Object.keys(record.configOverrides).length > 0)
        this.overrides.set(record.symbol, record.configOverrides);
    }
  }

  get(symbol: string): Record<string, unknown> {
    return this.overrides.get(symbol) ?? {};
  }

  /** Throws INVALID_CONFIG naming the key, value and rule; nothing changes on a bad body. */
  async set(symbol: string, body: unknown): Promise<Record<string, unknown>> {
    const base = this.config.symbols[symbol] ?? {};
    const parsed = validateEngineOverrides(
      body,
      { ...this.config.engineDefaults, ...base },
      'body',
    );
    const overrides = Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined));
    await this.registry.upsert(symbol, { configOverrides: overrides });
    this.overrides.set(symbol, overrides);
    return overrides;
  }
}
