import { legOfClientId } from '@flotilla/execution';
import { adminOrders, duplicatesOf, type AdminOrder } from '../support/venue-ledger';

/*
 * Checks the crash drills share, read over plain HTTP so they work against an in-process app and
 * a service in its own process alike: the venue's admin routes, the service's own routes.
 */

/** The venue's statuses of an order that can still trade. */
const LIVE_STATUSES = new Set(['New', 'PartiallyFilled', 'Untriggered']);

export interface VenueProtectionRow {
  symbol: string;
  side: string;
  size: string;
  entryPrice: string;
  stopLoss: string | null;
  stopOrders: string[];
  protected: boolean;
}

/** The venue's own view: every open position of the account and the stop standing for it. */
export async function protectionOf(venueUrl: string, key: string): Promise<VenueProtectionRow[]> {
  const body = (await getJson(`${venueUrl}/__admin/accounts/${key}/protection`)) as {
    positions: VenueProtectionRow[];
  };
  return body.positions;
}

export interface OrderAccount {
  /** Every order the venue ever booked for the account. */
  readonly orders: number;
  /** Client order ids the venue booked more than once. */
  readonly duplicates: string[];
  /** Live orders on the venue the service does not list among its orders (ours) or that are not ours. */
  readonly unaccounted: string[];
}

/**
 * Counts duplicates on the venue's side and finds every live order nobody here knows: a live
 * venue order must carry our prefix and appear among the service's orders (GET /trading/orders).
 */
export async function accountOrders(
  venueUrl: string,
  key: string,
  serviceOrders: readonly { clientOrderId: string }[],
): Promise<OrderAccount> {
  const orders = await adminOrders(venueUrl, key);
  const known = new Set(serviceOrders.map((o) => o.clientOrderId));
  const unaccounted = orders
    .filter((o: AdminOrder) => LIVE_STATUSES.has(o.orderStatus))
    .filter((o) => legOfClientId(o.orderLinkId) === null || !known.has(o.orderLinkId))
    .map((o) => `${o.orderLinkId || '(no link id)'} ${o.orderStatus}`);
  return {
    orders: orders.length,
    duplicates: [...duplicatesOf(orders).keys()],
    unaccounted,
  };
}

export async function getJson(url: string, token?: string): Promise<unknown> {
  const res = await fetch(url, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

export async function postJson(
  url: string,
  body: unknown,
  token?: string,
  expectStatus = [200, 201],
): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (!expectStatus.includes(res.status))
    throw new Error(`POST ${url}: HTTP ${res.status} ${text}`);
  return text ? (JSON.parse(text) as unknown) : null;
}
