import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { EXAMPLE_REQUEST_ID, ErrorDto } from './common/api-error';

const REQUEST_ID_HEADER = {
  description: "the caller's X-Request-Id if it was valid, else a new one; it tags every log line",
  schema: { type: 'string', example: EXAMPLE_REQUEST_ID },
};

const UNKNOWN_QUERY = {
  description: 'a query parameter the route does not take',
  content: {
    'application/json': {
      schema: { $ref: '#/components/schemas/ErrorDto' },
      example: {
        statusCode: 400,
        error: 'Bad Request',
        message: 'unknown query parameter stauts: it takes none',
        requestId: EXAMPLE_REQUEST_ID,
      },
    },
  },
};

const TOO_LARGE = {
  description: 'a request body over the JSON parser limit (100 kB)',
  content: {
    'application/json': {
      schema: { $ref: '#/components/schemas/ErrorDto' },
      example: {
        statusCode: 413,
        error: 'Payload Too Large',
        message: 'request entity too large',
        requestId: EXAMPLE_REQUEST_ID,
      },
    },
  },
};

const UNSUPPORTED_TYPE = {
  description: 'a request body that is not application/json (or application/*+json)',
  content: {
    'application/json': {
      schema: { $ref: '#/components/schemas/ErrorDto' },
      example: {
        statusCode: 415,
        error: 'Unsupported Media Type',
        message:
          'unsupported Content-Type application/x-www-form-urlencoded: send application/json',
        requestId: EXAMPLE_REQUEST_ID,
      },
    },
  },
};

const RATE_LIMITED = {
  description:
    'too many requests from this client (failed authentications, mutations or reads over their limit); retry after Retry-After seconds',
  headers: {
    'Retry-After': {
      description: 'seconds until a request may succeed',
      schema: { type: 'integer' },
    },
  },
  content: {
    'application/json': {
      schema: { $ref: '#/components/schemas/ErrorDto' },
      example: {
        statusCode: 429,
        error: 'Too Many Requests',
        message: 'too many reads from this client (limit 3000 per minute); retry after 12 s',
        requestId: EXAMPLE_REQUEST_ID,
      },
    },
  },
};

/** Probes and metrics are never rate-limited. */
const UNLIMITED_PREFIXES = ['/health', '/metrics'];

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * What every operation shares, added once here rather than on each route: the X-Request-Id
 * response header, the 400 for a query parameter the route does not take
 * (UnknownQueryInterceptor) where the route documents no 400 of its own, and the body parser's
 * 413 and 415 on every POST, PUT and PATCH (the parser reads a body before routing).
 */
function addSharedResponses(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    const limited = !UNLIMITED_PREFIXES.some((p) => path.startsWith(p));
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      op.responses['400'] ??= UNKNOWN_QUERY;
      if (limited) op.responses['429'] ??= RATE_LIMITED;
      if (method !== 'get' && method !== 'delete') {
        op.responses['413'] ??= TOO_LARGE;
        op.responses['415'] ??= UNSUPPORTED_TYPE;
      }
      for (const response of Object.values(op.responses)) {
        if (response === undefined || '$ref' in response) continue;
        response.headers = { ...response.headers, 'X-Request-Id': REQUEST_ID_HEADER };
      }
    }
  }
}

/** The OpenAPI document: operationIds are the handler names unless a route gives its own. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Flotilla')
      .setDescription(
        'Supervised per-symbol trading engines. Mutating routes and trading views need `Authorization: Bearer <token>`. Every response carries `X-Request-Id`; errors are `{ statusCode, error, message, requestId }`.',
      )
      .setVersion('0.1.0')
      // addSecurity, not addBearerAuth: that one always declares the token a JWT.
      .addSecurity('bearer', {
        type: 'http',
        scheme: 'bearer',
        description:
          'An opaque token (not a JWT): API_TOKEN, or the one generated at first start in DATA_DIR/api-token.',
      })
      .build(),
    { operationIdFactory: (_controllerKey, methodKey) => methodKey, extraModels: [ErrorDto] },
  );
  addSharedResponses(document);
  return document;
}

export function setupSwagger(app: INestApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}
