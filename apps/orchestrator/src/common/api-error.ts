import { STATUS_CODES } from 'node:http';
import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

/** The body of every error response (DomainExceptionFilter). */
export class ErrorDto {
  @ApiProperty({ type: 'integer', example: 404 }) statusCode!: number;
  @ApiProperty({ example: 'Not Found', description: 'the HTTP reason phrase' }) error!: string;
  @ApiPropertyOptional({
    example: 'ENGINE_NOT_FOUND',
    description: 'the domain error code, on errors the service raised itself',
  })
  code?: string;
  @ApiProperty({ example: 'no engine for BTCUSDT', description: 'what is wrong, for a human' })
  message!: string;
  @ApiProperty({
    example: '2d7c6b9e-3f0a-4c55-9a51-2f3c1b8f0e11',
    description: 'the X-Request-Id of the request; quote it when reporting a problem',
  })
  requestId!: string;
}

export const EXAMPLE_REQUEST_ID = '2d7c6b9e-3f0a-4c55-9a51-2f3c1b8f0e11';

export type ErrorStatus = 400 | 401 | 404 | 409 | 429 | 503;

/** One error response of a route: its own description and an example body. */
export function ApiError(status: ErrorStatus, description: string, message: string) {
  return ApiResponse({
    status,
    type: ErrorDto,
    description,
    example: {
      statusCode: status,
      error: STATUS_CODES[status],
      message,
      requestId: EXAMPLE_REQUEST_ID,
    },
  });
}

export const ApiMalformedSymbol = () =>
  ApiError(
    400,
    'malformed symbol (the message names the rule), or a query parameter the route does not take',
    'invalid symbol "../x": a symbol is 2-30 ASCII letters or digits, optionally with one "-", "/" or "_" between base and quote (e.g. BTCUSDT, BTC-USDT)',
  );

export const ApiNeedsToken = () =>
  applyDecorators(
    ApiBearerAuth(),
    ApiError(
      401,
      'no bearer token, or not the one in API_TOKEN / DATA_DIR/api-token',
      'missing bearer token: send Authorization: Bearer <token>',
    ),
  );

export const ApiRegistryDown = () =>
  ApiError(
    503,
    'the registry could not record the change; nothing was changed',
    'registry unavailable: connect ECONNREFUSED 127.0.0.1:5432',
  );
