import { IncomingMessage, ServerResponse } from 'node:http';

export const RET_OK = 0;
export const RET_PARAMS = 10001;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Bybit v5 response envelope. */
export function envelope(
  nowMs: number,
  result: unknown,
  retCode = RET_OK,
  retMsg = 'OK',
): Record<string, unknown> {
  return { retCode, retMsg, result, retExtInfo: {}, time: nowMs };
}

/** Bybit answers bad parameters with HTTP 200 and a non-zero retCode. */
export function sendBybitError(res: ServerResponse, nowMs: number, retMsg: string): void {
  sendJson(res, 200, envelope(nowMs, {}, RET_PARAMS, retMsg));
}

export function sendNotFound(res: ServerResponse, method: string, path: string): void {
  sendJson(res, 404, { retCode: 404, retMsg: `route not found: ${method} ${path}` });
}

const MAX_BODY_BYTES = 64 * 1024;

/** Reads a small JSON body; rejects with a message naming what is wrong. */
export function readJsonBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_BODY_BYTES) {
        reject(new Error(`body: larger than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({});
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new Error('body: not valid JSON'));
      }
    });
    req.on('error', reject);
  });
}

/** Parses an optional integer query parameter; returns an error message naming it. */
export function intParam(
  query: URLSearchParams,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number | string {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) return `params error: ${name} must be an integer, got ${raw}`;
  const value = Number(raw);
  if (value < min || value > max)
    return `params error: ${name} must be in [${min}, ${max}], got ${raw}`;
  return value;
}
