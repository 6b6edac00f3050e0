import type { IncomingMessage } from 'node:http';
import { Duplex } from 'node:stream';
import { ManualClock } from '@flotilla/core';
import { FaultBoard } from './faults';
import { buildInstruments, gridOf } from './instruments';
import { Market } from './market';
import { Prng, seedFor } from './prng';
import { PublicStream, PUBLIC_LINEAR_PATH } from './public-stream';

/** A transport that records each write the socket makes (one per writev, as a system call would be). */
class RecordingSocket extends Duplex {
  writes = 0;
  frames = 0;
  override _read(): void {}
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error) => void): void {
    this.writes++;
    this.count([chunk]);
    done();
  }
  override _writev(chunks: Array<{ chunk: Buffer }>, done: (err?: Error) => void): void {
    this.writes++;
    this.count(chunks.map((c) => c.chunk));
    done();
  }
  /** Server frames: FIN+text (0x81) headers, counted as they pass. */
  private count(chunks: Buffer[]): void {
    for (const c of chunks) if (c.length >= 2 && c[0] === 0x81) this.frames++;
  }
}

/** A client's text frame (masked with a zero key, so the payload goes as is). */
function clientFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const head =
    payload.length < 126
      ? Buffer.from([0x81, 0x80 | payload.length])
      : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([head, Buffer.alloc(4), payload]);
}

describe('PublicStream writes', () => {
  it('sends a batch of updates in one socket write when corked, one write per frame otherwise', async () => {
    const clock = new ManualClock();
    const instruments = buildInstruments(7, 8);
    const markets = new Map(
      instruments.map((spec) => [
        spec.symbol,
        new Market(gridOf(spec), new Prng(seedFor(7, spec.symbol)), clock.now(), false),
      ]),
    );
    const state = { clock, instruments, markets, launchTimeMs: 0 };
    const stream = new PublicStream(state, new FaultBoard(clock, () => undefined));
    const socket = new RecordingSocket();
    const req = {
      method: 'GET',
      url: PUBLIC_LINEAR_PATH,
      headers: {
        upgrade: 'websocket',
        connection: 'Upgrade',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'sec-websocket-version': '13',
      },
    } as unknown as IncomingMessage;
    stream.handleUpgrade(req, socket, Buffer.alloc(0));
    // Five symbols, two topics each: the venue takes at most 10 topics per subscribe.
    const symbols = [...markets.keys()].slice(0, 5);
    const args = symbols.flatMap((s) => [`orderbook.50.${s}`, `tickers.${s}`]);
    socket.push(clientFrame(JSON.stringify({ op: 'subscribe', args })));
    await new Promise((r) => setImmediate(r));
    expect(socket.frames).toBe(1 + 2 * symbols.length);

    const step = (): void => {
      for (const s of symbols) {
        const m = markets.get(s) as Market;
        stream.publish(m, m.step(clock.now()));
      }
    };
    const uncorked = { writes: socket.writes, frames: socket.frames };
    clock.advance(100);
    step();
    expect(socket.frames - uncorked.frames).toBe(2 * symbols.length);
    expect(socket.writes - uncorked.writes).toBe(2 * symbols.length);

    const corked = { writes: socket.writes, frames: socket.frames };
    clock.advance(100);
    stream.corked(step);
    expect(socket.frames - corked.frames).toBe(2 * symbols.length);
    expect(socket.writes - corked.writes).toBe(1);
    await stream.close();
  });
});
