import type { SessionSocket } from '../ws-session';

/** A socket whose buffer the test controls: frames written, closes and pings recorded. */
export class FakeSocket implements SessionSocket {
  bufferedAmount = 0;
  readonly sent: Record<string, unknown>[] = [];
  readonly closes: Array<{ code: number; reason: string }> = [];
  pings = 0;
  terminated = false;

  send(data: Buffer): void {
    this.sent.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>);
  }

  close(code: number, reason: string): void {
    this.closes.push({ code, reason });
  }

  terminate(): void {
    this.terminated = true;
  }

  ping(): void {
    this.pings++;
  }

  /** What was sent, then forgets it. */
  take(): Record<string, unknown>[] {
    return this.sent.splice(0);
  }
}
