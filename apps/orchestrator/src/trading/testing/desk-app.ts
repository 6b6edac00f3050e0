import type { Server } from 'node:http';
import type { RequestHandler } from 'express';
import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { API_TOKEN } from '../../auth/bearer-auth.guard';
import { DomainExceptionFilter } from '../../common/domain-exception.filter';
import { jsonBodyMiddleware } from '../../common/json-body';
import { requestIdMiddleware } from '../../common/request-id.middleware';
import { UnknownQueryInterceptor } from '../../common/unknown-query.interceptor';
import { EngineControlsController } from '../../engines/engine-controls.controller';
import { EnginesService } from '../../engines/engines.service';
import { buildOpenApiDocument } from '../../openapi-document';
import { EngineOverridesService } from '../../runtime/engine-overrides.service';
import {
  AUDIT_READER,
  AUDIT_SINK,
  CLOCK,
  ENGINE_MANAGER,
  EXECUTIONS,
  MARKET_DATA,
  RISK,
  VENUE_PORT,
} from '../../runtime/tokens';
import { setup } from '../../supervisor/testing/engine-manager.fixture';
import { ExecutionRegistry } from '../execution-registry';
import { OperatorAudit } from '../operator-audit';
import { TradingControlsController } from '../trading-controls.controller';
import { TradingControls } from '../trading-controls.service';
import { TradingController } from '../trading.controller';
import { TradingDesk } from '../trading-desk.service';
import { FakeBalanceVenue, FakeRiskControls, MemoryAudit } from './fakes';

export const TOKEN = 'desk-test-token-0123456789';

export interface DeskAppOptions {
  /** Runs before everything else (specs record the responses to check them against `document`). */
  middleware?: RequestHandler[];
}

/**
 * The trading routes and the engines' operator routes over HTTP, as setupApp wires them (request
 * ids, JSON body, validation, the exception filter, unknown query parameters refused), with fakes
 * of the trading ports and a real EngineManager on a fake feed; `document` is the OpenAPI document
 * the app publishes, for the specs to check every response against.
 */
export async function startDeskApp(opts: DeskAppOptions = {}) {
  const fleet = setup();
  const executions = new ExecutionRegistry();
  const risk = new FakeRiskControls(() => fleet.clock.now());
  const audit = new MemoryAudit();
  const venue = new FakeBalanceVenue();
  const moduleRef = await Test.createTestingModule({
    controllers: [TradingController, TradingControlsController, EngineControlsController],
    providers: [
      TradingDesk,
      TradingControls,
      OperatorAudit,
      EnginesService,
      { provide: ENGINE_MANAGER, useValue: fleet.manager },
      { provide: CLOCK, useValue: fleet.clock },
      { provide: MARKET_DATA, useValue: fleet.marketData },
      { provide: EngineOverridesService, useValue: {} },
      { provide: EXECUTIONS, useValue: executions },
      { provide: VENUE_PORT, useValue: venue },
      { provide: API_TOKEN, useValue: { value: TOKEN, source: 'test' } },
      { provide: APP_INTERCEPTOR, useClass: UnknownQueryInterceptor },
      { provide: RISK, useValue: risk },
      { provide: AUDIT_SINK, useValue: audit },
      { provide: AUDIT_READER, useValue: audit },
    ],
  }).compile();
  const app: INestApplication = moduleRef.createNestApplication({ logger: false });
  for (const m of opts.middleware ?? []) app.use(m);
  app.use(requestIdMiddleware);
  app.use(jsonBodyMiddleware());
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
  );
  app.useGlobalFilters(new DomainExceptionFilter());
  await app.init();
  // As a client reads it (/docs-json), not the live objects Swagger built it from.
  const document = JSON.parse(JSON.stringify(buildOpenApiDocument(app))) as object;
  return {
    ...fleet,
    app,
    http: app.getHttpServer() as Server,
    executions,
    risk,
    audit,
    venue,
    document,
    auth: { Authorization: `Bearer ${TOKEN}` },
    async close(): Promise<void> {
      await fleet.manager.shutdown();
      await app.close();
    },
  };
}

export type DeskApp = Awaited<ReturnType<typeof startDeskApp>>;

/** A response body as the type a test reads it as. */
export function json<T>(res: { body: unknown }): T {
  return res.body as T;
}

export interface ErrorBody {
  statusCode: number;
  code?: string;
  message: string;
}
