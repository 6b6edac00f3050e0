import request from 'supertest';
import type { TestApp } from '../../support/app-harness';
import { waitFor } from '../../support/wait-for';

/** SYN0001USDT…: the simulator's synthetic symbols (startVenueSim({ synthetic: n })). */
export const syntheticSymbols = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => `SYN${String(i + 1).padStart(4, '0')}USDT`);

/** Starts every symbol over HTTP, `batch` at a time, and waits until all of them run. */
export async function startFleet(
  t: TestApp,
  symbols: readonly string[],
  timeoutMs: number,
  batch = 50,
): Promise<void> {
  for (let i = 0; i < symbols.length; i += batch) {
    await Promise.all(
      symbols.slice(i, i + batch).map(async (symbol) => {
        const res = await request(t.http).post(`/engines/start/${symbol}`).set(t.auth());
        if (res.status !== 201) throw new Error(`start ${symbol}: ${res.status} ${res.text}`);
      }),
    );
  }
  await waitFor(
    async () => {
      const fleet = (await request(t.http).get('/engines/status')).body as { running: number };
      return fleet.running === symbols.length;
    },
    timeoutMs,
    `${symbols.length} engines running`,
  );
}
