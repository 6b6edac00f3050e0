import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { StructuredLogger } from '@flotilla/core';
import { clientIp } from './client-ip';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * One line per request when it finishes: mutating requests and every response ≥ 400 at info,
 * reads at debug. The route is the pattern (never the raw path or query), and no header is logged,
 * so a token cannot reach the line.
 */
export function accessLogMiddleware(logger: StructuredLogger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = performance.now();
    res.once('finish', () => {
      const status = res.statusCode;
      const level = !READ_METHODS.has(req.method) || status >= 400 ? 'info' : 'debug';
      logger[level]('http request', {
        method: req.method,
        route: (req.route as { path?: string } | undefined)?.path ?? 'unmatched',
        status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        requestId: String(req.headers['x-request-id'] ?? ''),
        ip: clientIp(req),
      });
    });
    next();
  };
}
