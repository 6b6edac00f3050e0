import {
  silentLogger,
  type Clock,
  type Decimal,
  type Instrument,
  type StructuredLogger,
} from '@flotilla/core';
import {
  VenueError,
  type AmendOrderRequest,
  type FeeRates,
  type PlaceOrderRequest,
  type PlaceResult,
  type VenueBalance,
  type VenueEvent,
  type VenueFill,
  type VenueOrder,
  type VenuePort,
  type VenuePosition,
  type VenueSubscription,
} from '@flotilla/engine';
import type { BybitClient } from './bybit-client';
import { parseBalance, parseFeeRates, parseOrder, parsePosition } from './bybit-parse';

import { EXECUTION_PAGE, readExecutions } from './executions-reader';
import { ccxtSymbol, OrderPlacer } from './order-placer';
import { PrivateStream } from './private-stream';
import type { Priority, RequestBudget } from './request-budget';
import { roundToTickSide } from './rounding';
import { BudgetShortError, classifyVenueError } from './classify';
import { VenueCalls } from './venue-calls';
import { CircuitOpenError, type VenueGuard } from './venue-guard';
import { noVenueMetrics, type VenueMetrics } from './venue-metrics';

/** Bybit retCodes that mean "already so": a repeated cancel, an unchanged leverage. */
const ORDER_NOT_FOUND = 110001;
const LEVERAGE_NOT_MODIFIED = 110043;

export interface BybitVenueOptions {
  readonly client: BybitClient;
  /** Shared by every port of the same venue account. */
  readonly budget: RequestBudget;
  readonly guard: VenueGuard;
  readonly instrumentOf: (symbol: string) => Instrument | undefined;
  readonly clock: Clock;
  readonly metrics?: VenueMetrics;
  readonly logger?: StructuredLogger;
}

/** The VenuePort over ccxt's bybit (REST) and ccxt.pro (private stream). */
export class BybitVenue implements VenuePort {
  private readonly calls: VenueCalls;
  private readonly placer: OrderPlacer;
  private readonly stream: PrivateStream;
  private readonly client: BybitClient;

  constructor(private readonly options: BybitVenueOptions) {
    const metrics = options.metrics ?? noVenueMetrics;
    const logger = options.logger ?? silentLogger;
    this.client = options.client;
    this.calls = new VenueCalls(options.budget, options.clock, metrics, logger);
    this.placer = new OrderPlacer(
      this.client,
      this.calls,
      options.guard,
      metrics,
      options.instrumentOf,
    );
    this.stream = new PrivateStream(this.client, logger);
  }

  place(request: PlaceOrderRequest): Promise<PlaceResult> {
    return this.placer.place(request);
  }

  async amend(request: AmendOrderRequest): Promise<void> {
    const instrument = this.instrument(request.symbol);
    const buy = request.side === 'buy';
    const price =
      request.price && roundToTickSide(request.price, instrument.tickSize, buy ? 'down' : 'up');
    const trigger =
      request.triggerPrice &&
      roundToTickSide(request.triggerPrice, instrument.tickSize, buy ? 'up' : 'down');
    const qty = request.qty && request.qty.div(instrument.qtyStep).floor().mul(instrument.qtyStep);
    if (qty?.lte(0))
      throw new VenueError('rejected', `amend qty ${request.qty?.toFixed()} truncates to 0`);
    const params: Record<string, unknown> = { orderLinkId: request.clientOrderId };
    if (trigger) params.triggerPrice = Number(trigger.toFixed());
    await this.write(request.protective, request.clientOrderId, 'order/amend', () =>
      this.client.editOrder(
        undefined,
        ccxtSymbol(instrument),
        price ? 'limit' : 'market',
        request.side,
        qty ? Number(qty.toFixed()) : undefined,
        price ? Number(price.toFixed()) : undefined,
        params,
      ),
    );
  }

  async cancel(symbol: string, clientOrderId: string): Promise<void> {
    const instrument = this.instrument(symbol);
    let sent = 0;
    await this.write(true, clientOrderId, 'order/cancel', async () => {
      try {
        sent++;
        await this.client.cancelOrder(undefined, ccxtSymbol(instrument), {
          orderLinkId: clientOrderId,
        });
      } catch (err) {
        // After an unclear first send, "not found" means that send cancelled it.
        if (sent > 1 && classifyVenueError(err).retCode === ORDER_NOT_FOUND) return;
        throw err;
      }
    });
  }

  async cancelAll(symbol: string): Promise<void> {
    const instrument = this.instrument(symbol);
    await this.write(true, undefined, 'order/cancel-all', () =>
      this.client.cancelAllOrders(ccxtSymbol(instrument)),
    );
  }

  async openOrders(symbol?: string): Promise<VenueOrder[]> {
    const ccxtName = symbol === undefined ? undefined : ccxtSymbol(this.instrument(symbol));
    const orders = await this.read('order/realtime', () =>
      this.client.fetchOpenOrders(ccxtName, undefined, 50, { paginate: true }),
    );
    return orders.map((o) => parseOrder(o.info));
  }

  async orderByClientId(symbol: string, clientOrderId: string): Promise<VenueOrder | undefined> {
    const instrument = this.instrument(symbol);
    return this.read('order/realtime', () =>
      this.placer.lookup(instrument, clientOrderId, 'protective'),
    );
  }

  async positions(symbol?: string): Promise<VenuePosition[]> {
    const symbols = symbol === undefined ? undefined : [ccxtSymbol(this.instrument(symbol))];
    const list = await this.read('position/list', () => this.client.fetchPositions(symbols));
    return list.map((p) => parsePosition(p.info));
  }

  async balance(): Promise<VenueBalance> {
    const raw = await this.read('account/wallet-balance', () => this.client.fetchBalance());
    return parseBalance(raw.info);
  }

  async setLeverage(symbol: string, leverage: Decimal): Promise<void> {
    const instrument = this.instrument(symbol);
    try {
      await this.read('position/set-leverage', () =>
        this.client.setLeverage(Number(leverage.toFixed()), ccxtSymbol(instrument)),
      );
    } catch (err) {
      if (err instanceof VenueError && err.retCode === LEVERAGE_NOT_MODIFIED) return;
      throw err;
    }
  }

  async feeRates(symbol: string): Promise<FeeRates> {
    const instrument = this.instrument(symbol);
    const fee = await this.read('account/fee-rate', () =>
      this.client.fetchTradingFee(ccxtSymbol(instrument)),
    );
    return parseFeeRates(fee.info);
  }

  /** Pages through execution/list window by window; each page is one guarded read. */
  async executions(symbol: string, sinceMs?: number): Promise<VenueFill[]> {
    const ccxtName = ccxtSymbol(this.instrument(symbol));
    return readExecutions(
      (since, params) =>
        this.read('execution/list', () =>
          this.client.fetchMyTrades(ccxtName, since, EXECUTION_PAGE, params),
        ),
      sinceMs,
      this.options.clock.now(),
    );
  }

  subscribe(listener: (event: VenueEvent) => void): Promise<VenueSubscription> {
    return this.stream.subscribe(listener);
  }

  async close(): Promise<void> {
    this.stream.stop();
    await this.client.close();
  }

  private instrument(symbol: string): Instrument {
    const instrument = this.options.instrumentOf(symbol);
    if (!instrument) throw new VenueError('rejected', `${symbol} is not listed on the venue`);
    return instrument;
  }

  /** A state-changing call other than place: protective ones retry on their schedule. */
  private async write<T>(
    protective: boolean,
    clientOrderId: string | undefined,
    endpoint: string,
    call: () => Promise<T>,
  ): Promise<T> {
    const priority: Priority = protective ? 'protective' : 'entry';
    // Amend, cancel and cancel-all are idempotent: an unclear outcome is simply sent again.
    const run = () =>
      this.calls.run(endpoint, priority, clientOrderId, call).catch((err: unknown) => {
        const c = classifyVenueError(err);
        if (c.kind !== 'unknown-outcome') throw err;
        throw new VenueError('retryable', `${endpoint}: ${c.reason}`, c.retCode);
      });
    try {
      return protective
        ? await this.options.guard.protective(run)
        : await this.options.guard.entry(run);
    } catch (err) {
      throw toVenueError(err, endpoint);
    }
  }

  /** One attempt; refused at once while the circuit is open. */
  private async read<T>(endpoint: string, call: () => Promise<T>): Promise<T> {
    try {
      return await this.options.guard.entry(() =>
        this.calls.run(endpoint, 'protective', undefined, call),
      );
    } catch (err) {
      throw toVenueError(err, endpoint);
    }
  }
}

function toVenueError(err: unknown, endpoint: string): VenueError {
  if (err instanceof VenueError) return err;
  if (err instanceof CircuitOpenError || err instanceof BudgetShortError) {
    return new VenueError('retryable', `${endpoint}: ${err.message}`);
  }
  const c = classifyVenueError(err);
  const kind = c.kind === 'duplicate' ? 'rejected' : c.kind;
  return new VenueError(kind, `${endpoint}: ${c.reason}`, c.retCode);
}
