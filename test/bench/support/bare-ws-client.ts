import WebSocket from 'ws';

/**
 * The floor for the market benchmark: raw ws + JSON.parse over the same topics, counting data
 * frames and doing nothing else.
 */
export class BareWsClient {
  messages = 0;
  private readonly sockets: WebSocket[] = [];

  constructor(
    private readonly url: string,
    private readonly topicsPerConnection = 300,
  ) {}

  async start(topics: string[]): Promise<void> {
    const groups: string[][] = [];
    for (let i = 0; i < topics.length; i += this.topicsPerConnection)
      groups.push(topics.slice(i, i + this.topicsPerConnection));
    await Promise.all(groups.map((g) => this.open(g)));
  }

  async close(): Promise<void> {
    await Promise.all(
      this.sockets.map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === WebSocket.CLOSED) return resolve();
            ws.once('close', () => resolve());
            ws.terminate();
          }),
      ),
    );
  }

  private async open(topics: string[]): Promise<void> {
    const ws = new WebSocket(this.url, { perMessageDeflate: false });
    this.sockets.push(ws);
    ws.on('message', (data: WebSocket.RawData) => {
      const msg = JSON.parse((data as Buffer).toString()) as { topic?: unknown };
      if (typeof msg.topic === 'string') this.messages++;
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    for (let i = 0; i < topics.length; i += 10) {
      ws.send(
        JSON.stringify({ op: 'subscribe', args: topics.slice(i, i + 10), req_id: String(i) }),
      );
    }
  }
}
