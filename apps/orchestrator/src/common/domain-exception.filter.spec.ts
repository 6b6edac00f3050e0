import { BadRequestException, Logger, NotFoundException, type ArgumentsHost } from '@nestjs/common';
import { DomainError, type DomainErrorCode } from '@flotilla/core';
import { DomainExceptionFilter, statusOf } from './domain-exception.filter';

interface Sent {
  status?: number;
  body?: Record<string, unknown>;
}

let lastContentType: string | undefined;

function hostFor(sent: Sent, requestId = 'req-1'): ArgumentsHost {
  const res = {
    headersSent: false,
    status(code: number) {
      sent.status = code;
      return res;
    },
    type(value: string) {
      lastContentType = value;
      return res;
    },
    json(body: Record<string, unknown>) {
      sent.body = body;
      return res;
    },
  };
  const req = { headers: { 'x-request-id': requestId }, method: 'GET', path: '/x' };
  return {
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ArgumentsHost;
}

function answer(exception: unknown): Sent {
  const sent: Sent = {};
  new DomainExceptionFilter().catch(exception, hostFor(sent));
  return sent;
}

describe('DomainExceptionFilter', () => {
  it('labels the error body JSON even when the route had set another Content-Type', () => {
    lastContentType = 'text/plain';
    answer(new BadRequestException('unknown query parameter x'));
    expect(lastContentType).toBe('application/json');
  });

  const expected: Record<DomainErrorCode, number> = {
    INVALID_SYMBOL: 400,
    INVALID_CONFIG: 400,
    UNKNOWN_SYMBOL: 404,
    ENGINE_NOT_FOUND: 404,
    ENGINE_CONFLICT: 409,
    INVALID_TRANSITION: 409,
    REGISTRY_CORRUPT: 503,
    REGISTRY_UNAVAILABLE: 503,
    VENUE_UNAVAILABLE: 503,
    REGISTRY_WRITE_FAILED: 500,
    DATA_DIR_LOCKED: 503,
    LEASE_LOST: 503,
    NOT_OWNER: 503,
  };

  it.each(Object.entries(expected))('maps %s to %i', (code, status) => {
    expect(statusOf(code as DomainErrorCode)).toBe(status);
    expect(answer(new DomainError(code as DomainErrorCode, `the ${code} message`))).toEqual({
      status,
      body: expect.objectContaining({
        statusCode: status,
        code,
        message: `the ${code} message`,
        requestId: 'req-1',
      }) as object,
    });
  });

  it('answers a store refusing a write with a 500 that names its code, not the bare catch-all', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const refused = new DomainError(
      'REGISTRY_WRITE_FAILED',
      'postgres db:5432/flotilla refused the change to BTCUSDT: value too long',
    );
    expect(answer(refused)).toEqual({
      status: 500,
      body: {
        statusCode: 500,
        error: 'Internal Server Error',
        code: 'REGISTRY_WRITE_FAILED',
        message: 'postgres db:5432/flotilla refused the change to BTCUSDT: value too long',
        requestId: 'req-1',
      },
    });
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('REGISTRY_WRITE_FAILED'));
    logged.mockRestore();
  });

  it('keeps an HttpException status and joins validation messages', () => {
    expect(answer(new NotFoundException('gone')).body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'gone',
      requestId: 'req-1',
    });
    const validation = new BadRequestException(['limit must be an integer', 'since is bad']);
    expect(answer(validation).body).toMatchObject({
      message: 'limit must be an integer; since is bad',
    });
  });

  it('answers a body-parser client error with its own 4xx', () => {
    const tooLarge = Object.assign(new Error('request entity too large'), {
      expose: true,
      status: 413,
      type: 'entity.too.large',
    });
    expect(answer(tooLarge)).toEqual({
      status: 413,
      body: {
        statusCode: 413,
        error: 'Payload Too Large',
        message: 'request entity too large',
        requestId: 'req-1',
      },
    });
  });

  it('turns anything else into a bare 500 with the request id, no message, no stack', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const secret = new Error('password=hunter2 at db.connect');
    const sent = answer(secret);
    // The detail goes to the log (where secrets are redacted), never to the caller.
    expect(logged).toHaveBeenCalledWith(
      expect.stringContaining('password=hunter2') as string,
      expect.stringContaining('Error: password=hunter2') as string,
    );
    expect(sent.status).toBe(500);
    expect(sent.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'internal error; quote request id req-1',
      requestId: 'req-1',
    });
    // An error that claims to be exposable but is a 5xx is still hidden.
    const fake = Object.assign(new Error('leaky'), { expose: true, status: 502 });
    expect(answer(fake).body).toMatchObject({ statusCode: 500 });
    expect(answer('a thrown string').status).toBe(500);
    logged.mockRestore();
  });
});
