import type { Clock } from '@flotilla/core';
import type { MarketDataHub } from '@flotilla/market-data';
import type { ResilientRegistry } from '@flotilla/registry';
import type { DependencyDetails, DependencyProbe } from './dependency-monitor';

/** Every registry failure names the database (host:port/db, never credentials) so on-call knows which. */
function namingStore(store: string, message: string): string {
  return message.includes(store) ? message : `${store}: ${message}`;
}

/** Down while the registry's own writes fail, else a ping of the store. */
export function registryProbe(registry: ResilientRegistry): DependencyProbe {
  const store = registry.describeStore();
  const details = (): DependencyDetails => {
    const health = registry.health();
    return {
      store,
      pendingWrites: health.pendingWrites,
      ...(health.rejectedWrites ? { rejectedWrites: health.rejectedWrites } : {}),
    };
  };
  return {
    name: 'registry',
    label: `registry ${store}`,
    detailsWhenDown: details,
    async check() {
      const health = registry.health();
      if (!health.ok) throw new Error(namingStore(store, health.lastError ?? 'store unavailable'));
      try {
        await registry.ping();
      } catch (err) {
        throw new Error(namingStore(store, (err as Error).message));
      }
      return details();
    },
  };
}

/** One cheap REST call (the venue's server time); the only venue traffic health ever causes. */
export function venueProbe(hub: MarketDataHub): DependencyProbe {
  return {
    name: 'venue',
    label: 'venue',
    async check() {
      await hub.ping();
      return {};
    },
  };
}

/**
 * What the feed connections report themselves, without calling anyone: down while a connection
 * that carries topics is disconnected or has heard nothing for silentAfterMs (the hub reconnects
 * such a connection on its own; this only reports it).
 */
export function marketDataProbe(
  hub: MarketDataHub,
  clock: Clock,
  silentAfterMs: number,
): DependencyProbe {
  const read = () => {
    const carrying = hub.connections().filter((c) => c.topics > 0);
    const now = clock.now();
    const connected = carrying.filter((c) => c.connected);
    const ages = connected.flatMap((c) =>
      c.lastMessageAt === null ? [] : [now - c.lastMessageAt],
    );
    return {
      connections: carrying.length,
      connected: connected.length,
      oldestLastMessageAgeMs: ages.length > 0 ? Math.max(...ages) : null,
      silent: ages.filter((a) => a > silentAfterMs).length,
    };
  };
  const details = (): DependencyDetails => {
    const { silent: _silent, ...shown } = read();
    return shown;
  };
  return {
    name: 'market_data',
    label: 'market data',
    detailsWhenDown: details,
    check() {
      const feed = read();
      if (feed.connected < feed.connections) {
        const down = feed.connections - feed.connected;
        const message = `${down} of ${feed.connections} feed connection(s) disconnected`;
        return Promise.reject(new Error(message));
      }
      if (feed.silent > 0) {
        const message = `${feed.silent} feed connection(s) silent for more than ${silentAfterMs} ms`;
        return Promise.reject(new Error(message));
      }
      return Promise.resolve(details());
    },
  };
}
