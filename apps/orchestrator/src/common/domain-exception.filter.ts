import {
  ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ExceptionFilter,
} from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import { DomainError, type DomainErrorCode } from '@flotilla/core';

export function statusOf(code: DomainErrorCode): number {
  switch (code) {
    case 'INVALID_SYMBOL':
    case 'INVALID_CONFIG':
      return HttpStatus.BAD_REQUEST;
    case 'UNKNOWN_SYMBOL':
    case 'ENGINE_NOT_FOUND':
      return HttpStatus.NOT_FOUND;
    case 'ENGINE_CONFLICT':
    case 'INVALID_TRANSITION':
      return HttpStatus.CONFLICT;
    case 'REGISTRY_CORRUPT':
    case 'REGISTRY_UNAVAILABLE':
    case 'VENUE_UNAVAILABLE':
    case 'DATA_DIR_LOCKED':
    case 'LEASE_LOST':
    case 'NOT_OWNER':
      return HttpStatus.SERVICE_UNAVAILABLE;
    case 'REGISTRY_WRITE_FAILED':
      return HttpStatus.INTERNAL_SERVER_ERROR;
  }
}

/** body-parser's errors (413 too large, 415 charset, 400 bad encoding) are http-errors with expose set. */
function exposedClientError(e: unknown): { status: number; message: string } | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const { expose, status, message } = e as {
    expose?: unknown;
    status?: unknown;
    message?: unknown;
  };
  if (expose !== true || typeof status !== 'number' || status < 400 || status > 499)
    return undefined;
  return { status, message: typeof message === 'string' ? message : (STATUS_CODES[status] ?? '') };
}

/**
 * Every error leaves as { statusCode, error, message, requestId }, a domain error also with its
 * `code` (what scripts branch on); never a stack or a secret.
 */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const requestId = String(req.headers['x-request-id'] ?? '');
    let statusCode = 500;
    let message = `internal error; quote request id ${requestId}`;
    let code: DomainErrorCode | undefined;
    const clientError = exposedClientError(exception);
    if (exception instanceof DomainError) {
      statusCode = statusOf(exception.code);
      message = exception.message;
      code = exception.code;
      if (statusCode >= 500) this.logger.error(`${req.method} ${req.path}: ${code}: ${message}`);
    } else if (exception instanceof HttpException) {
      statusCode = exception.getStatus();
      const body = exception.getResponse();
      const raw = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      message = Array.isArray(raw)
        ? raw.join('; ')
        : typeof raw === 'string'
          ? raw
          : exception.message;
    } else if (clientError) {
      statusCode = clientError.status;
      message = clientError.message;
    } else {
      const err = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error(`unhandled error on ${req.method} ${req.path}: ${err.message}`, err.stack);
    }
    if (res.headersSent) return;
    const error = STATUS_CODES[statusCode] ?? 'Error';
    // A route may have set its own Content-Type (GET /metrics: text/plain) before failing.
    res
      .status(statusCode)
      .type('application/json')
      .json(
        code === undefined
          ? { statusCode, error, message, requestId }
          : { statusCode, error, code, message, requestId },
      );
  }
}
