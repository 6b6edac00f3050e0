import { timingSafeEqual, createHash } from 'node:crypto';
import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import type { ApiToken } from './api-token';

export const API_TOKEN = Symbol('API_TOKEN');

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Bearer-token check for mutating routes and trading views; constant-time compare. */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(API_TOKEN) token: ApiToken) {
    this.expected = digest(token.value);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<Request>().headers.authorization;
    const match = typeof header === 'string' ? /^Bearer +(\S+) *$/i.exec(header) : null;
    if (!match)
      throw new UnauthorizedException('missing bearer token: send Authorization: Bearer <token>');
    if (!timingSafeEqual(digest(match[1]), this.expected))
      throw new UnauthorizedException('invalid bearer token');
    return true;
  }
}
