import WebSocket from 'ws';

/**
 * The part of a `ws` WebSocket a BybitConnection uses. It is a seam: unit tests hand the
 * connection a scripted socket and a ManualClock, and drive reconnects without a network.
 */
export interface PublicSocket {
  readonly readyState: number;
  send(text: string): void;
  close(): void;
  terminate(): void;
  /** Stop / restart reading the socket (ws 8); optional so simple fakes need not have them. */
  pause?(): void;
  resume?(): void;
  on(event: 'open', listener: () => void): this;
  on(event: 'message', listener: (data: WebSocket.RawData) => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
  on(event: 'close', listener: (code: number) => void): this;
  once(event: 'close', listener: () => void): this;
}

export type SocketFactory = (url: string, options: WebSocket.ClientOptions) => PublicSocket;

export const openWebSocket: SocketFactory = (url, options) => new WebSocket(url, options);
