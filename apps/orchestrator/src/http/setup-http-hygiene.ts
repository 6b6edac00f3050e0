import type { INestApplication } from '@nestjs/common';
import type { Express } from 'express';
import helmet from 'helmet';
import type { FlotillaConfig } from '@flotilla/config';
import type { Logging } from '@flotilla/logging';
import { CONFIG, LOGGING } from '../runtime/tokens';
import { accessLogMiddleware } from './access-log.middleware';
import { methodNotAllowedMiddleware } from './method-not-allowed.middleware';

/**
 * Security headers, CORS (off unless CORS_ORIGINS), the access log and 405s; runs after the
 * request id middleware so every line and error carries the id. Rate limits are guards
 * (HttpHygieneModule).
 */
export function setupHttpHygiene(app: INestApplication): void {
  const config = app.get<FlotillaConfig>(CONFIG);
  const express = app.getHttpAdapter().getInstance() as Express;
  express.disable('x-powered-by');
  app.use(accessLogMiddleware(app.get<Logging>(LOGGING).root));
  app.use(
    helmet({
      contentSecurityPolicy: {
        // The service is often reached over plain http (a LAN address, a port-forward); the
        // default upgrade-insecure-requests would make the browser fetch Swagger UI's assets over
        // https there and break /docs. Everything else is helmet's default, which /docs satisfies.
        directives: { upgradeInsecureRequests: null },
      },
    }),
  );
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: [...config.corsOrigins],
      exposedHeaders: ['X-Request-Id', 'Retry-After', 'ETag'],
      maxAge: 600,
    });
  }
  app.use(
    methodNotAllowedMiddleware(
      express as unknown as Parameters<typeof methodNotAllowedMiddleware>[0],
    ),
  );
}
