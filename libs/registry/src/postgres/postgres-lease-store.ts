import { DomainError } from '@flotilla/core';
import type { DataSource, EntityManager } from 'typeorm';
import type { FenceToken, LeaseRow, LeaseStore } from '../ownership/ownership-lease';
import { translatePgError } from './pg-errors';

interface RawLease {
  holder: string | null;
  epoch: string;
}

/**
 * Leases in the ownership_lease table. Each operation is one statement, and expiry is compared
 * with the database's clock_timestamp(), so replicas' clocks never have to agree.
 */
export class PostgresLeaseStore implements LeaseStore {
  constructor(
    private readonly dataSource: () => DataSource,
    private readonly store: string,
  ) {}

  async tryAcquire(name: string, holder: string, ttlMs: number) {
    return this.run(async (ds): Promise<LeaseRow & { acquired: boolean }> => {
      const taken: RawLease[] = await ds.query(
        `INSERT INTO ownership_lease AS l (name, holder, epoch, acquired_at, expires_at)
         VALUES ($1, $2, 1, clock_timestamp(), clock_timestamp() + $3 * interval '1 millisecond')
         ON CONFLICT (name) DO UPDATE
           SET holder = EXCLUDED.holder, epoch = l.epoch + 1,
               acquired_at = EXCLUDED.acquired_at, expires_at = EXCLUDED.expires_at
           WHERE l.expires_at <= clock_timestamp() OR l.holder IS NULL
         RETURNING holder, epoch`,
        [name, holder, ttlMs],
      );
      if (taken.length > 0) return { holder, epoch: Number(taken[0].epoch), acquired: true };
      const rows: RawLease[] = await ds.query(
        `SELECT holder, epoch FROM ownership_lease WHERE name = $1`,
        [name],
      );
      const row = rows[0];
      return { holder: row?.holder ?? null, epoch: Number(row?.epoch ?? 0), acquired: false };
    });
  }

  async renew(token: FenceToken, ttlMs: number): Promise<boolean> {
    return this.run(async (ds) => {
      // In a CTE so the driver hands back the rows (a bare UPDATE answers [rows, count]).
      const rows: unknown[] = await ds.query(
        `WITH renewed AS (
           UPDATE ownership_lease SET expires_at = clock_timestamp() + $4 * interval '1 millisecond'
           WHERE name = $1 AND holder = $2 AND epoch = $3 AND expires_at > clock_timestamp()
           RETURNING epoch)
         SELECT epoch FROM renewed`,
        [token.name, token.holder, token.epoch, ttlMs],
      );
      return rows.length > 0;
    });
  }

  async release(token: FenceToken): Promise<void> {
    await this.run((ds) =>
      ds.query(
        `UPDATE ownership_lease SET expires_at = clock_timestamp()
         WHERE name = $1 AND holder = $2 AND epoch = $3`,
        [token.name, token.holder, token.epoch],
      ),
    );
  }

  private async run<T>(op: (ds: DataSource) => Promise<T>): Promise<T> {
    try {
      return await op(this.dataSource());
    } catch (err) {
      throw translatePgError(err, this.store);
    }
  }
}

/**
 * Fencing, inside the caller's transaction: the lease row must still carry this writer's holder
 * and epoch. FOR SHARE holds a takeover (an UPDATE of that row) until the write commits, so a
 * write either lands before the next epoch begins or is refused.
 */
export async function assertFence(
  m: EntityManager,
  token: FenceToken | null,
  leaseName: string,
): Promise<FenceToken> {
  if (!token) {
    throw new DomainError(
      'NOT_OWNER',
      `registry write refused: this process does not hold the ${leaseName} lease (standby or stepped down)`,
    );
  }
  const rows: RawLease[] = await m.query(
    `SELECT holder, epoch FROM ownership_lease WHERE name = $1 FOR SHARE`,
    [token.name],
  );
  const row = rows[0];
  if (!row || row.holder !== token.holder || Number(row.epoch) !== token.epoch) {
    throw new DomainError(
      'LEASE_LOST',
      `registry write refused: lease ${token.name} epoch ${token.epoch} is stale ` +
        `(now epoch ${row?.epoch ?? 'none'} held by ${row?.holder ?? 'nobody'})`,
    );
  }
  return token;
}
