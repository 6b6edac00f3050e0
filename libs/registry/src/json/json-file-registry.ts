import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  DomainError,
  SystemClock,
  errorMessage,
  silentLogger,
  type Clock,
  type StructuredLogger,
} from '@flotilla/core';
import type { EngineRecord, EngineRecordPatch, EngineRegistryPort } from '@flotilla/engine';
import { applyPatch, assertValidPatch, cloneRecord, isoAt, newRecord } from '../record';
import { readFileIfExists, removeStaleTempFiles, writeFileAtomic } from './atomic-write';
import { CoalescedWrites } from './coalesced-writes';
import { RegistryDocumentWriter, parseRegistryDocument } from './json-document';

export const JSON_REGISTRY_FILE = 'engine-registry.json';

export interface JsonFileRegistryOptions {
  filePath: string;
  clock?: Clock;
  logger?: StructuredLogger;
}

/**
 * Engine registry in one JSON file. Memory is the source of truth while open; every change is
 * written atomically, and writes are serialised: at most one in flight and one queued, so a burst
 * of upserts coalesces into two file writes and no change is lost.
 */
export class JsonFileRegistry implements EngineRegistryPort {
  readonly filePath: string;
  private readonly clock: Clock;
  private readonly logger: StructuredLogger;
  private records = new Map<string, EngineRecord>();
  /** Symbols changed since the last write that landed, with the record that write left (undefined: none). */
  private unsaved = new Map<string, EngineRecord | undefined>();
  private opened = false;
  private readonly writes = new CoalescedWrites(() => this.writeDocument());
  private readonly document = new RegistryDocumentWriter();

  constructor(options: JsonFileRegistryOptions) {
    this.filePath = options.filePath;
    this.clock = options.clock ?? new SystemClock();
    this.logger = options.logger ?? silentLogger;
  }

  static inDataDir(dataDir: string, options: Omit<JsonFileRegistryOptions, 'filePath'> = {}) {
    return new JsonFileRegistry({ ...options, filePath: join(dataDir, JSON_REGISTRY_FILE) });
  }

  describeStore(): string {
    return `json file ${this.filePath}`;
  }

  async open(): Promise<void> {
    const text = await readFileIfExists(this.filePath, 'engine registry file');
    const doc = text === null ? null : parseRegistryDocument(this.filePath, text);
    if (text === null) await mkdir(dirname(this.filePath), { recursive: true });
    this.records = new Map(Object.entries(doc?.engines ?? {}));
    const removed = await removeStaleTempFiles(this.filePath);
    if (removed > 0) this.logger.warn('removed stale registry temp files', { removed });
    this.opened = true;
    this.logger.info('engine registry opened', {
      file: this.filePath,
      engines: this.records.size,
      created: text === null,
    });
  }

  async list(): Promise<EngineRecord[]> {
    this.assertOpen();
    return [...this.records.values()]
      .sort((a, b) => a.symbol.localeCompare(b.symbol))
      .map(cloneRecord);
  }

  async get(symbol: string): Promise<EngineRecord | undefined> {
    this.assertOpen();
    const record = this.records.get(symbol);
    return record ? cloneRecord(record) : undefined;
  }

  async upsert(symbol: string, patch: EngineRecordPatch): Promise<EngineRecord> {
    this.assertOpen();
    assertValidPatch(symbol, patch);
    const now = isoAt(this.clock.now());
    const previous = this.records.get(symbol);
    const next = applyPatch(previous ?? newRecord(symbol, now), patch, now);
    this.change(symbol, previous, next);
    await this.persist();
    return cloneRecord(next);
  }

  async remove(symbol: string): Promise<void> {
    this.assertOpen();
    const previous = this.records.get(symbol);
    if (!previous) return;
    this.change(symbol, previous, undefined);
    await this.persist();
  }

  /** Open, and its directory still writable (a read-only remount or a lost volume shows here). */
  async ping(): Promise<void> {
    this.assertOpen();
    const dir = dirname(this.filePath);
    try {
      await access(dir, constants.W_OK);
    } catch (err) {
      throw new DomainError(
        'REGISTRY_UNAVAILABLE',
        `engine registry directory ${dir} is not writable: ${(err as Error).message}`,
      );
    }
  }

  async close(): Promise<void> {
    if (!this.opened) return;
    await this.writes.idle();
    this.opened = false;
  }

  private assertOpen(): void {
    if (!this.opened) throw new Error(`engine registry ${this.filePath} is not open`);
  }

  private change(symbol: string, previous?: EngineRecord, next?: EngineRecord): void {
    if (!this.unsaved.has(symbol)) this.unsaved.set(symbol, previous);
    if (next) this.records.set(symbol, next);
    else this.records.delete(symbol);
  }

  /** Resolves once a write that began after the caller's change has landed. */
  private persist(): Promise<void> {
    return this.writes.request();
  }

  /**
   * A write that fails takes its changes back out of memory before anyone hears of it, so a later
   * write (of another symbol) cannot make durable a change whose caller was told it failed.
   */
  private async writeDocument(): Promise<void> {
    const included = this.unsaved;
    this.unsaved = new Map();
    try {
      await this.writeFile(this.document.serialize(this.records.values()));
    } catch (err) {
      for (const [symbol, durable] of included) {
        // Changed again since this write began: that change's own write decides; keep the durable base.
        if (this.unsaved.has(symbol)) this.unsaved.set(symbol, durable);
        else if (durable) this.records.set(symbol, durable);
        else this.records.delete(symbol);
      }
      throw err;
    }
  }

  private async writeFile(content: Buffer): Promise<void> {
    try {
      await mkdir(dirname(this.filePath), { recursive: true });
      await writeFileAtomic(this.filePath, content);
    } catch (err) {
      this.logger.error('engine registry write failed', {
        file: this.filePath,
        error: (err as Error).message,
      });
      // The reason without the paths Node puts in it ("ENOSPC: no space left on device, write").
      const reason = errorMessage(err)
        .replace(/^Error: /, '')
        .split(',')[0];
      throw new DomainError(
        'REGISTRY_UNAVAILABLE',
        `engine registry file ${basename(this.filePath)} in DATA_DIR cannot be written (${reason})`,
      );
    }
  }
}
