import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_ACCOUNT } from '@flotilla/venue-sim';

export interface Creds {
  apiKey: string;
  secret: string;
  timeDifference?: number;
}

export interface CcxtError {
  name: string;
  message: string;
  network: boolean;
}

export type Outcome<T> = { value: T; error?: undefined } | { value?: undefined; error: CcxtError };

export const DEFAULT_CREDS: Creds = {
  apiKey: DEFAULT_ACCOUNT.key,
  secret: DEFAULT_ACCOUNT.secret,
};

/** Authenticated ccxt bybit in a child process (private-ccxt-probe.ts), over IPC. */
export class PrivateCcxt {
  private nextId = 1;
  private readonly pending = new Map<number, (m: { result?: unknown; error?: string }) => void>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const waiter = this.pending.get(m.id);
      this.pending.delete(m.id);
      waiter?.(m);
    });
    child.on('exit', () => {
      for (const w of this.pending.values()) w({ error: 'ccxt probe exited' });
      this.pending.clear();
    });
  }

  static async start(restUrl: string): Promise<PrivateCcxt> {
    const child = fork(join(__dirname, 'private-ccxt-probe.ts'), [restUrl], {
      execArgv: ['-r', '@swc-node/register'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`ccxt probe exited with ${code}`)));
    });
    return new PrivateCcxt(child);
  }

  /** ccxt's outcome: {value} or {error: {name (ccxt class), message}}. */
  try<T>(method: string, args: unknown[] = [], creds: Creds = DEFAULT_CREDS): Promise<Outcome<T>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (m) =>
        m.error !== undefined ? reject(new Error(m.error)) : resolve(m.result as Outcome<T>),
      );
      this.child.send({ id, creds, method, args });
    });
  }

  /** The value, or a thrown Error naming ccxt's class and message. */
  async call<T>(method: string, ...args: unknown[]): Promise<T> {
    const outcome = await this.try<T>(method, args);
    if (outcome.error) throw new Error(`${outcome.error.name}: ${outcome.error.message}`);
    return outcome.value;
  }

  /** The ccxt class name of the refusal (fails the test when the call succeeded). */
  async errorOf(method: string, args: unknown[], creds?: Creds): Promise<CcxtError> {
    const outcome = await this.try(method, args, creds);
    if (!outcome.error) throw new Error(`${method} succeeded; expected a refusal`);
    return outcome.error;
  }

  async headers(creds: Creds = DEFAULT_CREDS): Promise<Record<string, string>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (m) =>
        m.error !== undefined
          ? reject(new Error(m.error))
          : resolve(m.result as Record<string, string>),
      );
      this.child.send({ id, creds, method: 'lastHeaders', args: [] });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.disconnect();
    await exited;
  }
}
