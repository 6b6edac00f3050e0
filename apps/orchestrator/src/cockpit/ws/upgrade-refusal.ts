import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** Answers an upgrade request that gets no socket with a plain HTTP response, then ends it. */
export function refuseUpgrade(
  socket: Duplex,
  status: number,
  message: string,
  retryAfterS?: number,
): void {
  const body = `${message}\n`;
  const headers = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...(retryAfterS === undefined ? [] : [`Retry-After: ${retryAfterS}`]),
  ];
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
}

/** The path of a request target, without its query; null when unparsable. */
export function pathOf(url: string | undefined): string | null {
  try {
    return new URL(url ?? '', 'http://localhost').pathname;
  } catch {
    return null;
  }
}
