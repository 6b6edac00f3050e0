import { ManualClock, silentLogger } from '@flotilla/core';
import type { EngineRecord, EngineRecordPatch, EngineRegistryPort } from '@flotilla/engine';
import { FakeMarketData, settle } from '@flotilla/engine/testing';
import { RecordingIntentSink } from '@flotilla/trading';
import { testStrategyParams } from '@flotilla/trading/testing';
import { EngineManager } from '../engine-manager';
import type { EngineManagerDeps, EngineStateChange } from '../engine-manager.types';

/** Shared by the EngineManager unit specs: an in-memory registry port, a fake feed and a manual clock. */
export const T0 = Date.UTC(2026, 0, 1);

export class MemoryRegistry implements EngineRegistryPort {
  readonly records = new Map<string, EngineRecord>();
  failWrites = false;
  async open() {}
  async list() {
    return [...this.records.values()];
  }
  async get(symbol: string) {
    return this.records.get(symbol);
  }
  async upsert(symbol: string, patch: EngineRecordPatch) {
    if (this.failWrites) throw new Error('disk full');
    const now = new Date(T0).toISOString();
    const prev: EngineRecord = this.records.get(symbol) ?? {
      symbol,
      desiredState: 'stopped',
      observedState: 'stopped',
      health: null,
      configOverrides: {},
      restartHistory: [],
      createdAt: now,
      updatedAt: now,
      version: 0,
    };
    const next = { ...prev, ...patch, version: prev.version + 1 };
    this.records.set(symbol, next);
    return next;
  }
  async remove(symbol: string) {
    this.records.delete(symbol);
  }
  async ping() {}
  async close() {}
}

export function setup(overrides: Partial<EngineManagerDeps> = {}) {
  const clock = new ManualClock(T0);
  const registry = new MemoryRegistry();
  const marketData = new FakeMarketData();
  const changes: EngineStateChange[] = [];
  const errors: Array<[string, Record<string, unknown> | undefined]> = [];
  const logger = {
    ...silentLogger,
    error: (m: string, f?: Record<string, unknown>) => errors.push([m, f]),
  };
  const manager = new EngineManager({
    registry,
    marketData,
    clock,
    logger,
    engineLogger: () => silentLogger,
    strategyParams: () => testStrategyParams(),
    intents: new RecordingIntentSink(),
    onStateChange: (c) => changes.push(c),
    ...overrides,
  });
  return { clock, registry, marketData, changes, errors, manager };
}

/** Moves time in small steps so engine drain turns run between timer ticks, as they would live. */
export async function advance(clock: ManualClock, ms: number) {
  for (let t = 0; t < ms; t += 250) {
    clock.advance(Math.min(250, ms - t));
    await settle(2);
  }
}

export async function crash(manager: EngineManager, clock: ManualClock, symbol = 'BTCUSDT') {
  manager.injectFault(symbol, 'crash');
  clock.advance(1000);
  await settle();
}
