import { Decimal } from '@flotilla/core';
import { DEFAULT_ACCOUNT_KEY } from '@flotilla/venue-sim';
import { API_TOKEN } from '../orchestrator/process/process-tools';
import { accountOrders, getJson } from '../trading/drill-support';
import { adminExecutions, adminOrders, realizedPnlFromExecutions } from '../support/venue-ledger';
import { statuses } from './chaos-service';

/*
 * The end of a chaos run: the venue's records against the service's. Orders are counted on the
 * venue's side (duplicates per client id; live orders the service does not list); realised PnL is
 * recomputed from the venue's fills alone and compared per symbol with each engine's status and in
 * total with `/trading/positions`.
 */

export interface SymbolPnlCheck {
  readonly venue: string;
  readonly service: string;
  readonly diff: string;
  readonly fills: number;
}

export interface ChaosAccounts {
  /** Every order the venue booked for the account. */
  readonly venueOrders: number;
  readonly venueFills: number;
  /** Times a symbol went from flat to a position, from the venue's fills. */
  readonly positionsOpened: number;
  readonly duplicates: Record<string, number>;
  readonly unaccounted: string[];
  readonly pnl: Record<string, SymbolPnlCheck>;
  readonly pnlVenueTotal: string;
  /** `/trading/positions` totals.realizedPnl. */
  readonly pnlServiceTotal: string;
  readonly pnlEqual: boolean;
  /** ms waited for the service's PnL to catch up with the venue's last fills. */
  readonly pnlWaitMs: number;
}

const PNL_WAIT_MS = 15_000;

export async function finalAccounts(
  serviceUrl: string,
  venueUrl: string,
  symbols: readonly string[],
): Promise<ChaosAccounts> {
  const serviceOrders = (await getJson(`${serviceUrl}/trading/orders?limit=1000`, API_TOKEN)) as {
    clientOrderId: string;
  }[];
  const orders = await accountOrders(venueUrl, DEFAULT_ACCOUNT_KEY, serviceOrders);
  const all = await adminOrders(venueUrl, DEFAULT_ACCOUNT_KEY);
  const counts = new Map<string, number>();
  for (const o of all) {
    if (o.orderLinkId) counts.set(o.orderLinkId, (counts.get(o.orderLinkId) ?? 0) + 1);
  }
  const duplicates = Object.fromEntries(
    orders.duplicates.map((id) => [id, counts.get(id) ?? 0] as const),
  );
  const from = Date.now();
  let pnl = await comparePnl(serviceUrl, venueUrl, symbols);
  while (!pnl.equal && Date.now() - from < PNL_WAIT_MS) {
    await new Promise((r) => setTimeout(r, 500));
    pnl = await comparePnl(serviceUrl, venueUrl, symbols);
  }
  return {
    venueOrders: orders.orders,
    venueFills: pnl.fills,
    positionsOpened: pnl.opened,
    duplicates,
    unaccounted: orders.unaccounted,
    pnl: pnl.bySymbol,
    pnlVenueTotal: pnl.venueTotal,
    pnlServiceTotal: pnl.serviceTotal,
    pnlEqual: pnl.equal,
    pnlWaitMs: Date.now() - from,
  };
}

async function comparePnl(serviceUrl: string, venueUrl: string, symbols: readonly string[]) {
  const fills = await adminExecutions(venueUrl, DEFAULT_ACCOUNT_KEY);
  const fromVenue = realizedPnlFromExecutions(fills);
  const engines = await statuses(serviceUrl, symbols);
  const totals = (await getJson(`${serviceUrl}/trading/positions`, API_TOKEN)) as {
    totals: { realizedPnl: string };
  };
  const bySymbol: Record<string, SymbolPnlCheck> = {};
  let venueTotal = new Decimal(0);
  for (const [i, symbol] of symbols.entries()) {
    const v = fromVenue.get(symbol);
    const venue = v?.net ?? new Decimal(0);
    const service = new Decimal(engines[i]?.realizedPnl ?? 'NaN');
    venueTotal = venueTotal.add(venue);
    bySymbol[symbol] = {
      venue: venue.toFixed(),
      service: service.toFixed(),
      diff: service.sub(venue).toFixed(),
      fills: v?.fills ?? 0,
    };
  }
  const serviceTotal = new Decimal(totals.totals.realizedPnl);
  const equal = Object.values(bySymbol).every((c) => c.diff === '0') && serviceTotal.eq(venueTotal);
  return {
    bySymbol,
    venueTotal: venueTotal.toFixed(),
    serviceTotal: serviceTotal.toFixed(),
    equal,
    fills: fills.length,
    opened: positionsOpened(fills),
  };
}

/** Flat → open transitions per symbol, replaying the fills in order. */
function positionsOpened(fills: readonly { symbol: string; side: string; qty: Decimal }[]) {
  const size = new Map<string, Decimal>();
  let opened = 0;
  for (const f of fills) {
    const before = size.get(f.symbol) ?? new Decimal(0);
    const after = before.add(f.side === 'buy' ? f.qty : f.qty.neg());
    if (before.isZero() && !after.isZero()) opened++;
    size.set(f.symbol, after);
  }
  return opened;
}
