import type { Request } from 'express';

/** The client a limit applies to: the socket's peer (set `trust proxy` in front of a proxy). */
export function clientIp(req: Request): string {
  return req.ip ?? req.socket?.remoteAddress ?? 'unknown';
}
