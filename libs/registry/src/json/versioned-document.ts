import { isPlainObject } from '../record';

/**
 * The frame shared by the registry's JSON files, `{"version": N, "<collection>": {SYMBOL: …}}`:
 * parses the text, checks the version and that the collection is an object keyed by symbol.
 * Every problem goes to `corrupt` (which names the file); the entries are the caller's to check.
 */
export function parseVersionedDocument(
  text: string,
  version: number,
  collection: string,
  corrupt: (problem: string) => Error,
): { doc: Record<string, unknown>; entries: Record<string, unknown> } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw corrupt(`it is not valid JSON (${(err as Error).message})`);
  }
  if (!isPlainObject(parsed)) {
    throw corrupt(
      `it is not a JSON object of the form {"version": ${version}, "${collection}": {...}}`,
    );
  }
  if (parsed.version !== version) {
    throw corrupt(
      `its version is ${JSON.stringify(parsed.version)}, this build reads version ${version}`,
    );
  }
  const entries = parsed[collection];
  if (!isPlainObject(entries)) {
    throw corrupt(`"${collection}" is missing or not an object keyed by symbol`);
  }
  return { doc: parsed, entries };
}
