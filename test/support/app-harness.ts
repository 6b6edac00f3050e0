import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { loadConfig, type FlotillaConfig } from '@flotilla/config';
import type { Clock } from '@flotilla/core';
import type { Logging } from '@flotilla/logging';
import { startVenueSim, type VenueSim } from '@flotilla/venue-sim';
import request from 'supertest';
import { captureResponses, contractMismatches, type CapturedResponse } from './openapi-contract';
import { waitFor } from './wait-for';
import { AppModule } from '../../apps/orchestrator/src/app.module';
import { resolveApiToken } from '../../apps/orchestrator/src/auth/api-token';
import { createLoggingFor } from '../../apps/orchestrator/src/runtime/runtime.providers';
import { setupApp } from '../../apps/orchestrator/src/setup-app';
import type { EngineStatus } from '../../apps/orchestrator/src/supervisor';
import {
  orchestratorTestConfig,
  type ConfigOverrides,
} from '../factories/orchestrator-config.factory';

export { waitFor };

export interface TestAppOptions {
  /** Deep-merged over the harness defaults (see orchestratorTestConfig). */
  overrides?: ConfigOverrides;
  faultInjection?: boolean;
  /** Used as is and closed by close(); otherwise an in-process sim at 20 Hz is started. */
  sim?: VenueSim;
  /** Reuse a DATA_DIR (a restart of the same installation); the caller removes it. Default: a new tmp dir. */
  dataDir?: string;
  /** Injected into the app (engines, supervisor, feed); default the system clock. */
  clock?: Clock;
  /** Providers replaced by value (options a module takes by token, e.g. COCKPIT_WS_OPTIONS). */
  overrideProviders?: ReadonlyArray<{
    readonly provide: symbol | string;
    readonly useValue: unknown;
  }>;
}

export interface TestApp {
  readonly app: INestApplication;
  readonly http: Server;
  readonly token: string;
  readonly sim: VenueSim;
  readonly dataDir: string;
  readonly config: FlotillaConfig;
  readonly logging: Logging;
  auth(): { Authorization: string };
  /** GET /engines/status/{symbol}; throws unless 200. */
  status(symbol: string): Promise<EngineStatus>;
  /**
   * Stops the app only (engines, registry, logs flushed to DATA_DIR), so files can be read. Idempotent.
   * Then fails, listing each mismatch, if any response the app sent breaks its OpenAPI document.
   */
  closeApp(): Promise<void>;
  /** The app, then the sim, then DATA_DIR (unless the caller gave it). Idempotent. */
  close(): Promise<void>;
}

/** The real orchestrator in-process (real sockets to a real simulator), with a throwaway DATA_DIR. */
export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const sim = opts.sim ?? (await startVenueSim({ port: 0, rateHz: 20, seed: 42 }));
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'flotilla-e2e-')));
  const removeDataDir = () =>
    opts.dataDir ? Promise.resolve() : rm(dataDir, { recursive: true, force: true });
  let app: INestApplication | undefined;
  try {
    const config = loadConfig({
      file: false,
      env: {},
      overrides: orchestratorTestConfig({
        sim,
        dataDir,
        faultInjection: opts.faultInjection,
        overrides: opts.overrides,
      }),
    });
    const logging = createLoggingFor(config);
    const apiToken = resolveApiToken(dataDir, config.apiToken);
    logging.addSecret(apiToken.value);
    let builder = Test.createTestingModule({
      imports: [AppModule.register({ config, logging, apiToken, clock: opts.clock })],
    }).setLogger(logging.nest);
    for (const { provide, useValue } of opts.overrideProviders ?? [])
      builder = builder.overrideProvider(provide).useValue(useValue);
    const moduleRef = await builder.compile();
    app = moduleRef.createNestApplication({ logger: logging.nest });
    const responses: CapturedResponse[] = [];
    app.use(captureResponses(responses));
    setupApp(app);
    await app.init();
    const started = app;
    const http = started.getHttpServer() as Server;
    const document = (await request(http).get('/docs-json').expect(200)).body as object;
    const auth = () => ({ Authorization: `Bearer ${apiToken.value}` });
    const closeAndCheck = async () => {
      await started.close();
      const mismatches = await contractMismatches(document, responses);
      if (mismatches.length > 0)
        throw new Error(
          `${mismatches.length} response(s) break the OpenAPI document (/docs-json):\n${mismatches.join('\n')}`,
        );
    };
    let appClosed: Promise<void> | undefined;
    const closeApp = () => (appClosed ??= closeAndCheck());
    let closed = false;
    return {
      app: started,
      http,
      token: apiToken.value,
      sim,
      dataDir,
      config,
      logging,
      auth,
      status: async (symbol) => {
        const res = await request(http).get(`/engines/status/${symbol}`);
        if (res.status !== 200) throw new Error(`status ${symbol}: ${res.status} ${res.text}`);
        return res.body as EngineStatus;
      },
      closeApp,
      close: async () => {
        if (closed) return;
        closed = true;
        try {
          await closeApp();
        } finally {
          await sim.close();
          await removeDataDir();
        }
      },
    };
  } catch (err) {
    await app?.close().catch(() => undefined);
    await sim.close();
    await removeDataDir();
    throw err;
  }
}

/** Waits until the engine's status satisfies accept; returns that status (the error shows the last one). */
export async function waitForStatus(
  t: TestApp,
  symbol: string,
  accept: (s: EngineStatus) => boolean,
  timeoutMs: number,
  what = `${symbol} status`,
): Promise<EngineStatus> {
  let seen: EngineStatus | undefined;
  try {
    return await waitFor(
      async () => {
        seen = await t.status(symbol);
        return accept(seen) ? seen : undefined;
      },
      timeoutMs,
      what,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; last status: ${JSON.stringify(seen)}`);
  }
}
