import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** A masked client text frame (RFC 6455 §5.2), as every client → server frame must be. */
export function clientTextFrame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const mask = randomBytes(4);
  const len = payload.length;
  const head =
    len < 126
      ? Buffer.from([0x81, 0x80 | len])
      : Buffer.from([0x81, 0x80 | 126, (len >> 8) & 0xff, len & 0xff]);
  const masked = Buffer.alloc(len);
  for (let i = 0; i < len; i++) masked[i] = payload[i] ^ mask[i % 4];
  return Buffer.concat([head, mask, masked]);
}

/**
 * A peer that completes the WebSocket handshake over a raw TCP socket, then stops reading (the
 * socket is paused, so the kernel's buffers fill and the server's writes back up) while it can
 * still send frames.
 */
export class NeverReadingPeer {
  private constructor(private readonly socket: Socket) {}

  static async open(port: number, token: string): Promise<NeverReadingPeer> {
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.write(
      [
        'GET /ws HTTP/1.1',
        `Host: 127.0.0.1:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        'Sec-WebSocket-Version: 13',
        `Authorization: Bearer ${token}`,
        '',
        '',
      ].join('\r\n'),
    );
    let head = Buffer.alloc(0);
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        socket.off('data', onData);
        socket.pause();
        const status = head.subarray(0, head.indexOf('\r\n')).toString();
        if (status.includes(' 101 ')) resolve();
        else reject(new Error(`upgrade refused: ${status}`));
      };
      socket.on('data', onData);
      socket.once('error', reject);
    });
    socket.on('error', () => undefined);
    return new NeverReadingPeer(socket);
  }

  /** Resolves once written, or after 50 ms of backpressure (the server may have gone). */
  send(message: unknown): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.write(clientTextFrame(JSON.stringify(message)))) return resolve();
      const timer = setTimeout(done, 50);
      this.socket.once('drain', done);
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  destroy(): void {
    this.socket.destroy();
  }
}
