import { randomBytes } from 'node:crypto';
import { open, readFile, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DomainError } from '@flotilla/core';

const TEMP_SUFFIX = '.tmp';

/** The file's text, or null when it does not exist; any other read error is REGISTRY_UNAVAILABLE naming `what`. */
export async function readFileIfExists(filePath: string, what: string): Promise<string | null> {
  try {
    return await readFile(filePath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new DomainError(
      'REGISTRY_UNAVAILABLE',
      `${what} ${filePath} cannot be read: ${(err as Error).message}`,
    );
  }
}

/**
 * Replaces filePath with content so a crash leaves either the old or the new file, never a torn one:
 * temp file in the same directory, fsync it, rename over the target, fsync the directory.
 */
export async function writeFileAtomic(
  filePath: string,
  content: string | Uint8Array,
): Promise<void> {
  const dir = dirname(filePath);
  const tempPath = join(
    dir,
    `.${basename(filePath)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`,
  );
  const file = await open(tempPath, 'w', 0o600);
  try {
    await (typeof content === 'string' ? file.writeFile(content, 'utf8') : file.writeFile(content));
    await file.sync();
  } catch (err) {
    await file.close();
    await unlink(tempPath).catch(() => undefined);
    throw err;
  }
  await file.close();
  try {
    await rename(tempPath, filePath);
  } catch (err) {
    await unlink(tempPath).catch(() => undefined);
    throw err;
  }
  await syncDirectory(dir);
}

/** Removes filePath (already gone is fine) and fsyncs its directory, so the removal survives a crash. */
export async function removeFileDurably(filePath: string): Promise<void> {
  try {
    await unlink(filePath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return;
    throw err;
  }
  await syncDirectory(dirname(filePath));
}

async function syncDirectory(dir: string): Promise<void> {
  const dirHandle = await open(dir, 'r');
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
}

/** Removes temp files a crashed writer left beside filePath; they never hold the only copy. */
export async function removeStaleTempFiles(filePath: string): Promise<number> {
  const prefix = `.${basename(filePath)}.`;
  const dir = dirname(filePath);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  const stale = names.filter((n) => n.startsWith(prefix) && n.endsWith(TEMP_SUFFIX));
  await Promise.all(stale.map((n) => unlink(join(dir, n)).catch(() => undefined)));
  return stale.length;
}
