import { DomainError } from '@flotilla/core';
import type { EngineRecord, EngineRecordPatch, EngineRegistryPort } from '@flotilla/engine';
import { applyPatch, cloneRecord, newRecord } from '../record';

/** An in-memory store that can be switched off like a database losing its connections (for tests). */
export class FlakyRegistryStore implements EngineRegistryPort {
  readonly records = new Map<string, EngineRecord>();
  /** Every call fails with REGISTRY_UNAVAILABLE, as the Postgres adapter does in an outage. */
  down = false;
  /** Every call fails with this error (one that is not an outage). */
  failWith: Error | null = null;
  /** Upserts of these symbols fail with the error given, as a constraint violation would. */
  readonly refuse = new Map<string, Error>();
  /** Pings never settle: a database that accepts the connection and then says nothing. */
  hangPing = false;
  writes = 0;
  opens = 0;

  constructor(private readonly name = 'flaky 10.0.0.9:5432/flotilla') {}

  describeStore(): string {
    return this.name;
  }

  private check(): void {
    if (this.failWith) throw this.failWith;
    if (this.down)
      throw new DomainError('REGISTRY_UNAVAILABLE', 'connect ECONNREFUSED 10.0.0.9:5432');
  }

  async open(): Promise<void> {
    this.check();
    this.opens++;
  }
  async list(): Promise<EngineRecord[]> {
    this.check();
    return [...this.records.values()].map(cloneRecord);
  }
  async get(symbol: string): Promise<EngineRecord | undefined> {
    this.check();
    const record = this.records.get(symbol);
    return record ? cloneRecord(record) : undefined;
  }
  async upsert(symbol: string, patch: EngineRecordPatch): Promise<EngineRecord> {
    this.check();
    const refused = this.refuse.get(symbol);
    if (refused) throw refused;
    this.writes++;
    const now = '2026-01-01T00:00:00.000Z';
    const next = applyPatch(this.records.get(symbol) ?? newRecord(symbol, now), patch, now);
    this.records.set(symbol, next);
    return cloneRecord(next);
  }
  async remove(symbol: string): Promise<void> {
    this.check();
    this.records.delete(symbol);
  }
  ping(): Promise<void> {
    if (this.hangPing) return new Promise(() => undefined);
    return Promise.resolve().then(() => this.check());
  }
  async close(): Promise<void> {}
}
