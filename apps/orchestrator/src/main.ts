import 'reflect-metadata';
import { mkdir } from 'node:fs/promises';
import { NestFactory } from '@nestjs/core';
import { ConfigError, databaseUrlSecrets, loadConfig, type FlotillaConfig } from '@flotilla/config';
import { DomainError } from '@flotilla/core';
import { resolveStdoutFormat } from '@flotilla/logging';
import { DataDirLock, type OwnershipLease } from '@flotilla/registry';
import { resolveApiToken } from './auth/api-token';
import { AppModule } from './app.module';
import { FleetLifecycle } from './runtime/fleet-lifecycle.service';
import { createLoggingFor } from './runtime/runtime.providers';
import { OWNERSHIP, VENUE_ENDPOINT } from './runtime/tokens';
import type { VenueEndpoint } from './venue/embedded-venue';
import { setupApp } from './setup-app';

/** Before logging exists: warnings (a stale lock taken over) go to stderr as one line. */
const consoleWarnings = {
  debug: () => undefined,
  info: () => undefined,
  warn: (msg: string, fields?: object) => console.warn(`${msg} ${JSON.stringify(fields ?? {})}`),
  error: (msg: string, fields?: object) => console.error(`${msg} ${JSON.stringify(fields ?? {})}`),
};

function readConfig(): FlotillaConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

/**
 * One process per DATA_DIR with the JSON registry: a second one stops here with one line naming
 * the holder. Losing the lock (another process took the file) ends this one at once, without the
 * graceful path, which would write the registry that is no longer ours.
 */
async function lockDataDir(config: FlotillaConfig): Promise<DataDirLock | null> {
  if (config.registry !== 'json') return null;
  await mkdir(config.dataDir, { recursive: true });
  const lock = await DataDirLock.acquire({
    dataDir: config.dataDir,
    refreshMs: config.ownership.lockRefreshMs,
    staleAfterMs: config.ownership.lockStaleAfterMs,
    logger: consoleWarnings,
    onLost: (reason) => {
      console.error(`Flotilla stopping: lost the DATA_DIR lock (${reason})`);
      process.exit(1);
    },
  });
  process.once('exit', () => lock.release());
  return lock;
}

async function bootstrap(): Promise<void> {
  const config = readConfig();
  await lockDataDir(config);
  const logging = createLoggingFor(config);
  const apiToken = resolveApiToken(config.dataDir, config.apiToken);
  logging.addSecret(apiToken.value);
  // A promise a dependency dropped (ccxt.pro's sends over a closing socket) must not take every
  // engine down with it: Node would exit. Logged as an ALERT with its stack; positions stay
  // protected on the venue either way, and the supervisor still handles real engine faults.
  process.on('unhandledRejection', (reason) => {
    const error = reason instanceof Error ? reason : new Error(String(reason));
    logging.root.error('ALERT unhandled promise rejection; the process keeps running', {
      alert: 'unhandled_rejection',
      error: error.message,
      stack: error.stack,
    });
  });
  const app = await NestFactory.create(AppModule.register({ config, logging, apiToken }), {
    logger: logging.nest,
    abortOnError: false,
  });
  setupApp(app);
  // Losing the lease ends the process at once: the graceful path would write a registry that is
  // no longer ours (refused by fencing anyway), and a restart comes back as a standby.
  app.get<OwnershipLease>(OWNERSHIP).onChange(({ state, name, epoch }) => {
    if (state !== 'lost') return;
    console.error(`Flotilla stopping: lost the ${name} ownership lease (epoch ${epoch})`);
    process.exit(1);
  });
  // Our own signal handlers instead of app.enableShutdownHooks(): app.close() runs the same hooks,
  // and the exit code can then say whether the shutdown kept everything (Nest's always exits 0).
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      const lifecycle = app.get(FleetLifecycle);
      lifecycle.beginShutdown(signal);
      // The graceful path below; this only guarantees the process never outlives the budget.
      setTimeout(() => {
        logging.root.error('shutdown budget exceeded; exiting', {
          timeoutMs: config.shutdown.timeoutMs,
        });
        process.exit(1);
      }, config.shutdown.timeoutMs).unref();
      app.close().then(
        () => process.exit(lifecycle.exitCode),
        (err: unknown) => {
          console.error(`Flotilla shutdown failed: ${String((err as Error)?.stack ?? err)}`);
          process.exit(1);
        },
      );
    });
  }
  // Run by scripts/start.cjs (npm start) with an IPC channel: if the launcher dies, even by
  // SIGKILL, stop as on SIGTERM (a no-op once a shutdown is under way).
  if (process.send) process.once('disconnect', () => process.emit('SIGTERM', 'SIGTERM'));
  await app.listen(config.port, config.host);
  const server = app.getHttpServer() as import('node:http').Server;
  const address = server.address() as { port: number } | null;
  const base = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${address?.port ?? config.port}`;
  const venue = app.get<VenueEndpoint>(VENUE_ENDPOINT);
  const bearerFrom =
    apiToken.source === 'env API_TOKEN' ? 'from env API_TOKEN' : `in ${apiToken.source}`;
  // With JSONL on stdout the banner's facts travel in the 'started' line instead of free text.
  if (!config.logging.console || resolveStdoutFormat(config.logFormat) === 'pretty') {
    console.log(
      [
        `Flotilla listening on ${base} (venue ${config.venue}, registry ${config.registry})`,
        `  Swagger UI: ${base}/docs   OpenAPI: ${base}/docs-json`,
        `  Venue: ${venue.restUrl} (${venue.mode})`,
        `  API token: ${bearerFrom}`,
        `  Logs: ${config.dataDir}/logs`,
      ].join('\n'),
    );
  }
  logging.root.info('started', {
    url: base,
    swaggerUi: `${base}/docs`,
    openApi: `${base}/docs-json`,
    venue: config.venue,
    venueUrl: venue.restUrl,
    registry: config.registry,
    bearer: bearerFrom,
    logs: `${config.dataDir}/logs`,
  });
}

/** A driver error may quote the connection string it choked on; boot output never shows it. */
function withoutDatabaseSecrets(text: string): string {
  const secrets = databaseUrlSecrets(process.env.DATABASE_URL).sort((a, b) => b.length - a.length);
  return secrets.reduce((out, secret) => out.split(secret).join('<redacted>'), text);
}

// The clock's timers are unref'd, so a boot waiting only on them (a registry connect retry) would
// let the process exit 0 mid-boot; hold the event loop until bootstrap settles.
const bootKeepAlive = setInterval(() => undefined, 60_000);
bootstrap()
  .finally(() => clearInterval(bootKeepAlive))
  .catch((err: unknown) => {
    const message =
      err instanceof DomainError || err instanceof ConfigError
        ? err.message
        : String((err as Error)?.stack ?? err);
    console.error(`Flotilla failed to start: ${withoutDatabaseSecrets(message)}`);
    process.exit(1);
  });
