import type { OnApplicationShutdown } from '@nestjs/common';
import type { Decimal } from '@flotilla/core';
import type {
  AmendOrderRequest,
  FeeRates,
  PlaceOrderRequest,
  PlaceResult,
  VenueBalance,
  VenueEvent,
  VenueFill,
  VenueOrder,
  VenuePort,
  VenuePosition,
  VenueSubscription,
} from '@flotilla/engine';
import type { BybitVenue } from '@flotilla/venue';

/**
 * The account's one VenuePort, connected on first use: boot does not wait on ccxt or on
 * credentials that only trading needs, and a missing key is reported where an order is attempted.
 */
export class LazyVenuePort implements VenuePort, OnApplicationShutdown {
  private connecting: Promise<BybitVenue> | undefined;

  constructor(private readonly connect: () => Promise<BybitVenue>) {}

  private port(): Promise<BybitVenue> {
    this.connecting ??= this.connect().catch((err: unknown) => {
      this.connecting = undefined; // a later call tries again
      throw err;
    });
    return this.connecting;
  }

  async place(request: PlaceOrderRequest): Promise<PlaceResult> {
    return (await this.port()).place(request);
  }
  async amend(request: AmendOrderRequest): Promise<void> {
    return (await this.port()).amend(request);
  }
  async cancel(symbol: string, clientOrderId: string): Promise<void> {
    return (await this.port()).cancel(symbol, clientOrderId);
  }
  async cancelAll(symbol: string): Promise<void> {
    return (await this.port()).cancelAll(symbol);
  }
  async openOrders(symbol?: string): Promise<VenueOrder[]> {
    return (await this.port()).openOrders(symbol);
  }
  async orderByClientId(symbol: string, clientOrderId: string): Promise<VenueOrder | undefined> {
    return (await this.port()).orderByClientId(symbol, clientOrderId);
  }
  async positions(symbol?: string): Promise<VenuePosition[]> {
    return (await this.port()).positions(symbol);
  }
  async balance(): Promise<VenueBalance> {
    return (await this.port()).balance();
  }
  async setLeverage(symbol: string, leverage: Decimal): Promise<void> {
    return (await this.port()).setLeverage(symbol, leverage);
  }
  async feeRates(symbol: string): Promise<FeeRates> {
    return (await this.port()).feeRates(symbol);
  }
  async executions(symbol: string, sinceMs?: number): Promise<VenueFill[]> {
    return (await this.port()).executions(symbol, sinceMs);
  }
  async subscribe(listener: (event: VenueEvent) => void): Promise<VenueSubscription> {
    return (await this.port()).subscribe(listener);
  }

  async onApplicationShutdown(): Promise<void> {
    const connecting = this.connecting;
    this.connecting = undefined;
    if (connecting) await connecting.then((p) => p.close()).catch(() => undefined);
  }
}
