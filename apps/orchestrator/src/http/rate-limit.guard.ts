import { Injectable, type ExecutionContext } from '@nestjs/common';
import {
  ThrottlerException,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
} from '@nestjs/throttler';
import type { Request, Response } from 'express';
import type { FlotillaConfig } from '@flotilla/config';
import { clientIp } from './client-ip';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const MINUTE_MS = 60_000;

/** Kubernetes probes and Prometheus scrapes are never refused, whatever their rate. */
export function isNeverLimited(path: string): boolean {
  return path === '/metrics' || path === '/health' || path.startsWith('/health/');
}

function isRead(context: ExecutionContext): boolean {
  return READ_METHODS.has(context.switchToHttp().getRequest<Request>().method);
}

/** Two classes of route per client IP: reads (generous) and mutations; 0 turns one off. */
export function throttlerOptions(config: FlotillaConfig): ThrottlerModuleOptions {
  const { readsPerMinute, mutationsPerMinute } = config.rateLimit;
  return {
    setHeaders: false,
    getTracker: (req) => clientIp(req as Request),
    // Per client and class, not per route: a script polling three routes has one budget.
    generateKey: (_context, tracker, name) => `${name}:${tracker}`,
    throttlers: [
      {
        name: 'reads',
        ttl: MINUTE_MS,
        limit: readsPerMinute,
        skipIf: (context) => readsPerMinute === 0 || !isRead(context),
      },
      {
        name: 'mutations',
        ttl: MINUTE_MS,
        limit: mutationsPerMinute,
        skipIf: (context) => mutationsPerMinute === 0 || isRead(context),
      },
    ],
  };
}

/** @nestjs/throttler's guard with a plain Retry-After (seconds) and health and metrics exempt. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return Promise.resolve(true);
    return Promise.resolve(isNeverLimited(context.switchToHttp().getRequest<Request>().path));
  }

  protected override throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfterS = Math.max(1, detail.timeToBlockExpire);
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfterS));
    const what = isRead(context) ? 'reads' : 'mutating requests';
    throw new ThrottlerException(
      `too many ${what} from this client (limit ${detail.limit} per minute); retry after ${retryAfterS} s`,
    );
  }
}
