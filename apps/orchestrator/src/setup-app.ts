import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { serveDashboard } from './cockpit/dashboard-assets';
import { DomainExceptionFilter } from './common/domain-exception.filter';
import { jsonBodyMiddleware } from './common/json-body';
import { requestIdMiddleware } from './common/request-id.middleware';
import { setupHttpHygiene } from './http/setup-http-hygiene';
import { httpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { MetricsService } from './metrics/metrics.service';
import { setupSwagger } from './openapi-document';

/** Everything main.ts and the e2e tests share: pipes, filter, request ids, metrics, Swagger, the dashboard. */
export function setupApp(app: INestApplication): void {
  app.use(requestIdMiddleware);
  setupHttpHygiene(app);
  app.use(httpMetricsMiddleware(app.get(MetricsService)));
  serveDashboard(app);
  app.use(jsonBodyMiddleware());
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
  );
  app.useGlobalFilters(new DomainExceptionFilter());
  setupSwagger(app);
}
