import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveApiToken } from './api-token';

describe('resolveApiToken', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'flotilla-token-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('uses API_TOKEN when set and writes no file', async () => {
    expect(resolveApiToken(dir, 'from-the-environment-123')).toEqual({
      value: 'from-the-environment-123',
      source: 'env API_TOKEN',
    });
    await expect(stat(join(dir, 'api-token'))).rejects.toThrow(/ENOENT/);
  });

  it('generates a random token on the first start into DATA_DIR/api-token with mode 0600', async () => {
    const token = resolveApiToken(dir, undefined);
    const file = join(dir, 'api-token');
    expect(token.source).toBe(file);
    expect(token.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toBe(token.value);
  });

  it('reuses the stored token on later starts', () => {
    const first = resolveApiToken(dir, undefined);
    expect(resolveApiToken(dir, undefined)).toEqual(first);
  });

  it('two installations get different tokens', async () => {
    const other = await mkdtemp(join(tmpdir(), 'flotilla-token-'));
    try {
      expect(resolveApiToken(dir, undefined).value).not.toBe(
        resolveApiToken(other, undefined).value,
      );
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('refuses a stored token too short to be safe, naming the file, and leaves it alone', async () => {
    const file = join(dir, 'api-token');
    await writeFile(file, 'short\n');
    expect(() => resolveApiToken(dir, undefined)).toThrow(
      `${file} must hold a token of 16-512 characters without spaces`,
    );
    expect(await readFile(file, 'utf8')).toBe('short\n');
  });

  it('generates a token when the stored file is empty (an interrupted first write)', async () => {
    await writeFile(join(dir, 'api-token'), '');
    const token = resolveApiToken(dir, undefined);
    expect(token.value.length).toBeGreaterThanOrEqual(32);
    expect((await readFile(join(dir, 'api-token'), 'utf8')).trim()).toBe(token.value);
  });

  it('narrows a stored token readable by others to mode 0600', async () => {
    const file = join(dir, 'api-token');
    await writeFile(file, `${'t'.repeat(20)}\n`, { mode: 0o644 });
    await chmod(file, 0o644);
    expect(resolveApiToken(dir, undefined).value).toBe('t'.repeat(20));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});
