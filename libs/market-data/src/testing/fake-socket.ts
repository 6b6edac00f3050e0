import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import type { Clock } from '@flotilla/core';
import type { PublicSocket, SocketFactory } from '../socket';

export interface SentRequest {
  readonly atMs: number;
  readonly op: string;
  readonly args: readonly string[];
}

/** A scripted PublicSocket: the test opens it, feeds it frames and reads what the client sent. */
export class FakeSocket extends EventEmitter implements PublicSocket {
  readyState: number = WebSocket.CONNECTING;
  readonly sent: SentRequest[] = [];

  constructor(
    readonly createdAtMs: number,
    private readonly clock: Clock,
  ) {
    super();
  }

  /** The handshake succeeded. */
  open(): void {
    this.readyState = WebSocket.OPEN;
    this.emit('open');
  }

  /** A frame from the venue; objects are sent as JSON, strings as they are. */
  receive(frame: object | string): void {
    const text = typeof frame === 'string' ? frame : JSON.stringify(frame);
    this.emit('message', Buffer.from(text));
  }

  send(text: string): void {
    const msg = JSON.parse(text) as { op: string; args?: string[] };
    this.sent.push({ atMs: this.clock.now(), op: msg.op, args: msg.args ?? [] });
  }

  close(): void {
    this.drop(1000);
  }

  terminate(): void {
    this.drop(1006);
  }

  /** The connection ends (refused before open, or lost after). */
  drop(code = 1006): void {
    if (this.readyState === WebSocket.CLOSED) return;
    this.readyState = WebSocket.CLOSED;
    this.emit('close', code);
  }
}

/** A SocketFactory that records every socket it makes. */
export function fakeSockets(clock: Clock): { sockets: FakeSocket[]; factory: SocketFactory } {
  const sockets: FakeSocket[] = [];
  const factory: SocketFactory = () => {
    const socket = new FakeSocket(clock.now(), clock);
    sockets.push(socket);
    return socket;
  };
  return { sockets, factory };
}
