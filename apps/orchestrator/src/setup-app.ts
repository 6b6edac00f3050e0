import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { DomainExceptionFilter } from './common/domain-exception.filter';
import { requestIdMiddleware } from './common/request-id.middleware';
import { setupHttpHygiene } from './http/setup-http-hygiene';
import { httpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { MetricsService } from './metrics/metrics.service';

/** Everything main.ts and the e2e tests share: pipes, filter, request ids, metrics, Swagger. */
export function setupApp(app: INestApplication): void {
  app.use(requestIdMiddleware);
  setupHttpHygiene(app);
  app.use(httpMetricsMiddleware(app.get(MetricsService)));
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
  );
  app.useGlobalFilters(new DomainExceptionFilter());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Flotilla')
      .setDescription(
        'Supervised per-symbol trading engines. Mutating routes and trading views need `Authorization: Bearer <token>`.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
