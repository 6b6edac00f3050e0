import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  assertBuilt,
  killLeftoverOrchestrators,
  runOrchestratorToExit,
} from '../../support/orchestrator-process';
import { API_TOKEN, makeDataDir, removeDir } from './process-tools';

const MARKER = 'Zx9markerPw';
const ENCODED = encodeURIComponent(`${MARKER}/#@`);

/**
 * Each boots the real service and must fail; none may show the marker anywhere. One form per boot
 * path (config validation, URL parsing, connect retries); every form is in libs/config's spec.
 */
const FORMS: Array<[string, string]> = [
  ['keyword form', `host=127.0.0.1 port=1 user=f password=${MARKER} dbname=f`],
  ['port the URL parser rejects', `postgres://f:${MARKER}@127.0.0.1:99999/f`],
  // Valid: boot gets to the connect retries and gives up on the closed port.
  [
    'URL-encoded password and a query password',
    `postgres://f:${ENCODED}@127.0.0.1:1/f?password=${MARKER}`,
  ],
];

async function logText(dataDir: string): Promise<string> {
  const dir = join(dataDir, 'logs');
  const names = await readdir(dir).catch(() => [] as string[]);
  const texts = await Promise.all(names.map((n) => readFile(join(dir, n), 'utf8')));
  return texts.join('\n');
}

jest.setTimeout(90_000);

describe('a malformed or unreachable DATABASE_URL at boot', () => {
  beforeAll(() => assertBuilt());
  afterAll(async () => {
    await killLeftoverOrchestrators();
  });

  it('stops boot without its password in stdout, stderr or the log files', async () => {
    const results = await Promise.all(
      FORMS.map(async ([name, url]) => {
        const dataDir = await makeDataDir();
        try {
          const run = await runOrchestratorToExit(
            {
              REGISTRY: 'postgres',
              DATABASE_URL: url,
              API_TOKEN,
              DATA_DIR: dataDir,
              LOG_FORMAT: 'json',
            },
            50_000,
          );
          const output = `${run.stdout}\n${run.stderr}\n${await logText(dataDir)}`;
          return { name, code: run.code, output };
        } finally {
          await removeDir(dataDir);
        }
      }),
    );
    for (const { name, code, output } of results) {
      expect({ name, failed: code !== 0 && code !== null }).toEqual({ name, failed: true });
      expect({ name, mentionsUrl: /DATABASE_URL|databaseUrl/.test(output) }).toEqual({
        name,
        mentionsUrl: true,
      });
      const leaked = [MARKER, ENCODED].filter((s) => output.includes(s));
      expect({ name, leaked, output }).toEqual({ name, leaked: [], output });
    }
  });
});
