import { DomainError } from '@flotilla/core';
import type { EngineRecord } from '@flotilla/engine';
import { recordProblem } from '../record';
import { parseVersionedDocument } from './versioned-document';

export const JSON_REGISTRY_VERSION = 1;

export interface RegistryDocument {
  version: typeof JSON_REGISTRY_VERSION;
  engines: Record<string, EngineRecord>;
}

function corrupt(filePath: string, problem: string): DomainError {
  return new DomainError(
    'REGISTRY_CORRUPT',
    `engine registry file ${filePath} cannot be used: ${problem}. ` +
      'Move it aside or fix it; it was not modified.',
  );
}

/** Parses and checks a registry file; throws REGISTRY_CORRUPT naming the file and the problem. */
export function parseRegistryDocument(filePath: string, text: string): RegistryDocument {
  const { entries } = parseVersionedDocument(text, JSON_REGISTRY_VERSION, 'engines', (problem) =>
    corrupt(filePath, problem),
  );
  for (const [symbol, record] of Object.entries(entries)) {
    const problem = recordProblem(record, symbol);
    if (problem) throw corrupt(filePath, `engines.${symbol}: ${problem}`);
  }
  return { version: JSON_REGISTRY_VERSION, engines: entries as Record<string, EngineRecord> };
}

export function serializeRegistryDocument(records: Iterable<EngineRecord>): string {
  const engines: Record<string, EngineRecord> = {};
  for (const record of records) engines[record.symbol] = record;
  const doc: RegistryDocument = { version: JSON_REGISTRY_VERSION, engines };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

const HEAD = Buffer.from(`{\n  "version": ${JSON_REGISTRY_VERSION},\n  "engines": {\n`);
const SEPARATOR = Buffer.from(',\n');
const TAIL = Buffer.from('\n  }\n}\n');

/**
 * serializeRegistryDocument's exact text as UTF-8 bytes, joined from one cached encoded fragment
 * per record: records are immutable (an upsert replaces the object), so a write after one
 * engine's change encodes that record only, not the fleet (at 1,000 engines the whole document is
 * ~500 KB, and every engine transition writes it: joining and encoding it as one string took
 * ~5 ms a write, a byte copy takes a tenth of one).
 */
export class RegistryDocumentWriter {
  private readonly fragments = new WeakMap<EngineRecord, Buffer>();

  serialize(records: Iterable<EngineRecord>): Buffer {
    const parts: Buffer[] = [HEAD];
    for (const record of records) {
      if (parts.length > 1) parts.push(SEPARATOR);
      parts.push(this.fragment(record));
    }
    if (parts.length === 1) return Buffer.from(serializeRegistryDocument([]));
    parts.push(TAIL);
    return Buffer.concat(parts);
  }

  /** `    "SYMBOL": {...}` indented as it sits inside the document. */
  private fragment(record: EngineRecord): Buffer {
    let bytes = this.fragments.get(record);
    if (bytes === undefined) {
      const body = JSON.stringify(record, null, 2).replace(/\n/g, '\n    ');
      bytes = Buffer.from(`    ${JSON.stringify(record.symbol)}: ${body}`);
      this.fragments.set(record, bytes);
    }
    return bytes;
  }
}
