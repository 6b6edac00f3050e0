import type { IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { NextFunction, Request, Response } from 'express';
import { OpenAPIBackend, SetMatchType, type Document } from 'openapi-backend';

/** One response as the client received it. */
export interface CapturedResponse {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, text, or undefined when there was no body. */
  body: unknown;
}

/** RFC 3339 date-time, as `format: date-time` means (checked here rather than via another package). */
function isIsoDateTime(value: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
    !Number.isNaN(Date.parse(value))
  );
}

function decode(headers: IncomingHttpHeaders, raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const bytes = headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
  const text = bytes.toString('utf8');
  return String(headers['content-type'] ?? '').includes('json') ? JSON.parse(text) : text;
}

/**
 * Express middleware (tests only) that records every response the app sends, body included,
 * whatever wrote it (Nest's serializer, res.end with a gzip buffer, the exception filter).
 */
export function captureResponses(sink: CapturedResponse[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.path.startsWith('/docs')) return next();
    const chunks: Buffer[] = [];
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (Buffer.isBuffer(chunk)) chunks.push(chunk);
      else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
      else if (typeof chunk === 'string')
        chunks.push(
          Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'),
        );
    };
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.write = ((...args: unknown[]) => {
      keep(args[0], args[1]);
      return write(...args);
    }) as Response['write'];
    res.end = ((...args: unknown[]) => {
      keep(args[0], args[1]);
      return end(...args);
    }) as Response['end'];
    const url = new URL(req.originalUrl, 'http://x');
    res.on('finish', () => {
      const headers = res.getHeaders() as IncomingHttpHeaders;
      sink.push({
        method: req.method.toLowerCase(),
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        status: res.statusCode,
        headers,
        body: decode(headers, Buffer.concat(chunks)),
      });
    });
    next();
  };
}

/**
 * Every way the responses differ from the document, one line each (route, status, JSON pointer,
 * message): a body or header that breaks its schema, or a status the route does not document.
 * Responses to paths the document does not have are left out (Nest's own 404 for a typo).
 */
export async function contractMismatches(
  document: object,
  responses: readonly CapturedResponse[],
): Promise<string[]> {
  const api = new OpenAPIBackend({
    definition: structuredClone(document) as Document,
    quick: false,
    validate: true,
    ajvOpts: { strict: false },
    customizeAjv: (ajv) => ajv.addFormat('date-time', isIsoDateTime),
  });
  await api.init();
  const problems = new Set<string>();
  for (const r of responses) {
    const op = api.matchOperation({
      method: r.method,
      path: r.path,
      query: r.query,
      headers: r.headers as Record<string, string>,
    });
    if (!op) continue;
    const where = `${r.method.toUpperCase()} ${op.path} ${r.status}`;
    if (op.responses?.[String(r.status)] === undefined && op.responses?.default === undefined) {
      problems.add(`${where}: status ${r.status} is not documented for this route`);
      continue;
    }
    const results = [
      api.validateResponse(r.body, op, r.status),
      api.validateResponseHeaders(r.headers, op, {
        statusCode: r.status,
        setMatchType: SetMatchType.Superset,
      }),
    ];
    for (const { errors } of results) {
      for (const e of errors ?? []) {
        problems.add(`${where}: ${e.instancePath || '/'} ${e.message ?? e.keyword}`);
      }
    }
  }
  return [...problems];
}
