import { DEFAULT_ACCOUNT_KEY, type VenueSim } from '@flotilla/venue-sim';
import request from 'supertest';
import type { TestApp } from '../support/app-harness';
import { adminOrders, type AdminOrder } from '../support/venue-ledger';
import { waitFor } from '../support/wait-for';
import { auditOf, type AuditJson } from './trading-support';

const OPEN_STATUSES = new Set(['New', 'PartiallyFilled', 'Untriggered']);

export type VenueOrder = AdminOrder & { readonly symbol: string };

/** Every order the venue ever booked for the default account, with its symbol. */
export async function venueOrders(sim: VenueSim): Promise<VenueOrder[]> {
  return (await adminOrders(sim.restUrl, DEFAULT_ACCOUNT_KEY)) as VenueOrder[];
}

/** Orders the venue still holds open for the account (entries, stops, take profits). */
export async function openVenueOrders(sim: VenueSim): Promise<VenueOrder[]> {
  return (await venueOrders(sim)).filter((o) => OPEN_STATUSES.has(o.orderStatus));
}

/** Holds every private REST answer latencyMs for durationMs. */
export async function privateLatency(
  sim: VenueSim,
  latencyMs: number,
  durationMs: number,
): Promise<void> {
  await request(sim.restUrl)
    .post('/__admin/faults')
    .send({ type: 'latency', latencyMs, durationMs })
    .expect(200);
}

export async function clearPrivateFaults(sim: VenueSim): Promise<void> {
  await request(sim.restUrl).delete('/__admin/faults/private').expect(200);
}

/** Waits until the audit query answers at least `min` entries (newest first). */
export function auditEntries(
  t: TestApp,
  query: string,
  min = 1,
  timeoutMs = 5_000,
): Promise<AuditJson[]> {
  return waitFor(
    async () => {
      const entries = await auditOf(t, query);
      return entries.length >= min ? entries : null;
    },
    timeoutMs,
    `${min} audit entries for ${query}`,
  );
}

/** POST /trading/kill-switch; answers the body. */
export async function killSwitch(
  t: TestApp,
  body: { engaged: boolean; flatten?: boolean },
  requestId?: string,
): Promise<KillSwitchBody> {
  const req = request(t.http).post('/trading/kill-switch').set(t.auth());
  if (requestId) void req.set('X-Request-Id', requestId);
  const res = await req.send(body).expect(200);
  return res.body as KillSwitchBody;
}

export interface KillSwitchBody {
  engaged: boolean;
  at: string | null;
  by: string | null;
  flatten: boolean;
  flattened: string[];
  failed: { symbol: string; message: string }[];
}

/** GET /trading/{path} with the token; answers the JSON body (throws unless 200). */
export async function tradingGet<T>(t: TestApp, path: string): Promise<T> {
  const res = await request(t.http).get(`/trading/${path}`).set(t.auth()).expect(200);
  return res.body as T;
}

/**
 * The value of one sample of a Prometheus text exposition: the series `name` whose labels include
 * every given one. Throws when no sample matches (a missing series is a failure, not a zero).
 */
export function metricValue(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = new Map(
      [...(m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((l) => [
        l[1],
        l[2],
      ]),
    );
    if (Object.entries(labels).every(([k, v]) => have.get(k) === v)) return Number(m[3]);
  }
  throw new Error(`no sample ${name}${JSON.stringify(labels)} in /metrics`);
}
