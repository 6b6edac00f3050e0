import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { json } from 'express';

/** The media types a request body may have; anything else is a 415. */
export const JSON_BODY_TYPES = ['application/json', 'application/*+json'];
/** Nesting deeper than this is refused right after parsing, before any validation walks it. */
export const MAX_JSON_DEPTH = 32;
/** body-parser's default, which the API has always had: larger bodies are a 413. */
export const MAX_JSON_BODY = '100kb';

/** True when value (parsed JSON) nests objects/arrays more than max levels deep; iterative, so any depth is safe. */
export function jsonDeeperThan(value: unknown, max: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, depth] = next;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}

/** A body is announced by Transfer-Encoding or a non-zero Content-Length (a bare POST sends neither or 0). */
function carriesBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Parses JSON request bodies before Nest's own parsers (which then skip the consumed request):
 * a body of any other type is a 415, nesting deeper than MAX_JSON_DEPTH a 400 naming the limit,
 * more than MAX_JSON_BODY a 413 as before. Errors go to the global filter as JSON.
 */
export function jsonBodyMiddleware(maxDepth = MAX_JSON_DEPTH): RequestHandler {
  const parse = json({ limit: MAX_JSON_BODY, type: JSON_BODY_TYPES });
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!carriesBody(req)) return next();
    if (!req.is(JSON_BODY_TYPES)) {
      return next(
        new UnsupportedMediaTypeException(
          'request bodies must be JSON: send Content-Type: application/json',
        ),
      );
    }
    parse(req, res, (err?: unknown) => {
      if (err !== undefined && err !== null) return next(err);
      if (jsonDeeperThan(req.body, maxDepth)) {
        return next(
          new BadRequestException(`JSON body nests deeper than the limit of ${maxDepth} levels`),
        );
      }
      next();
    });
  };
}
