import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { TraceContext } from '@flotilla/logging';

const VALID_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Accepts the caller's X-Request-Id (or makes one), echoes it, and runs the request inside its trace. */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && VALID_ID.test(given) ? given : randomUUID();
  req.headers['x-request-id'] = id;
  res.setHeader('X-Request-Id', id);
  TraceContext.run(id, () => next());
}
