import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { errorMessage } from '@flotilla/core';
import type { MarketDataHub } from '@flotilla/market-data';
import type { OwnershipLease, ResilientRegistry } from '@flotilla/registry';
import { FleetLifecycle } from '../runtime/fleet-lifecycle.service';
import { MARKET_DATA, OWNERSHIP, REGISTRY } from '../runtime/tokens';

const PING_TIMEOUT_MS = 2000;

function withTimeout(p: Promise<void>, ms: number, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Every registry failure names the database (host:port/db, never credentials) so on-call knows which. */
function namingStore(store: string, message: string): string {
  return message.includes(store) ? message : `${store}: ${message}`;
}

@Injectable()
export class ReadinessIndicators {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly lifecycle: FleetLifecycle,
    @Inject(REGISTRY) private readonly store: ResilientRegistry,
    @Inject(MARKET_DATA) private readonly hub: MarketDataHub,
    @Inject(OWNERSHIP) private readonly lease: OwnershipLease,
  ) {}

  /** Up only while this process holds the ownership lease; a standby says who does. */
  ownership(key: string): HealthIndicatorResult {
    const s = this.indicator.check(key);
    const { state, epoch, holder, self } = this.lease.status();
    const details = { state, epoch, holder, self };
    if (state === 'owner') return s.up(details);
    return s.down({ ...details, message: `${state}: the fleet is owned by ${holder ?? 'nobody'}` });
  }

  notShuttingDown(key: string): HealthIndicatorResult {
    const s = this.indicator.check(key);
    return this.lifecycle.isShuttingDown ? s.down({ message: 'shutting down' }) : s.up();
  }

  async registry(key: string): Promise<HealthIndicatorResult> {
    const s = this.indicator.check(key);
    const name = this.store.describeStore();
    const health = this.store.health();
    const details = {
      store: name,
      pendingWrites: health.pendingWrites,
      ...(health.rejectedWrites ? { rejectedWrites: health.rejectedWrites } : {}),
    };
    try {
      if (!health.ok) throw new Error(health.lastError ?? 'store unavailable');
      await withTimeout(this.store.ping(), PING_TIMEOUT_MS, `registry ${name}`);
      return s.up(details);
    } catch (err) {
      return s.down({ ...details, message: namingStore(name, errorMessage(err)) });
    }
  }

  async venue(key: string): Promise<HealthIndicatorResult> {
    const s = this.indicator.check(key);
    try {
      await withTimeout(this.hub.ping(), PING_TIMEOUT_MS, 'venue');
      return s.up({ connections: this.hub.connections().filter((c) => c.connected).length });
    } catch (err) {
      return s.down({ message: (err as Error).message });
    }
  }
}
