import { timingSafeEqual, createHash } from 'node:crypto';
import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Optional,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthFailureLimiter } from '../http/auth-failure-limiter';
import { clientIp } from '../http/client-ip';
import type { ApiToken } from './api-token';

export const API_TOKEN = Symbol('API_TOKEN');

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Compares presented tokens with the API token in constant time (digests, so lengths never leak). */
export class TokenMatcher {
  private readonly expected: Buffer;

  constructor(token: ApiToken) {
    this.expected = digest(token.value);
  }

  matches(candidate: string): boolean {
    return timingSafeEqual(digest(candidate), this.expected);
  }
}

/** The token of an `Authorization: Bearer <token>` header; null when absent or malformed. */
export function bearerTokenOf(header: unknown): string | null {
  const match = typeof header === 'string' ? /^Bearer +(\S+) *$/i.exec(header) : null;
  return match ? match[1] : null;
}

/**
 * Bearer-token check for mutating routes and trading views; constant-time compare. A client with
 * too many failures in the last minute is refused (429) before its token is looked at.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  private readonly token: TokenMatcher;

  constructor(
    @Inject(API_TOKEN) token: ApiToken,
    @Optional() private readonly failures?: AuthFailureLimiter,
  ) {
    this.token = new TokenMatcher(token);
  }

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const client = clientIp(req);
    const waitMs = this.failures?.retryAfterMs(client) ?? 0;
    if (waitMs > 0) {
      const retryAfterS = Math.ceil(waitMs / 1000);
      http.getResponse<Response>().setHeader('Retry-After', String(retryAfterS));
      throw new HttpException(
        `too many failed authentications from this client; retry after ${retryAfterS} s`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const presented = bearerTokenOf(req.headers.authorization);
    if (presented === null) {
      this.failures?.recordFailure(client);
      throw new UnauthorizedException('missing bearer token: send Authorization: Bearer <token>');
    }
    if (!this.token.matches(presented)) {
      this.failures?.recordFailure(client);
      throw new UnauthorizedException('invalid bearer token');
    }
    return true;
  }
}
