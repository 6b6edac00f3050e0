import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ownership_lease: one row per owned scope ("fleet" today, a symbol later) with its holder, an
 * epoch bumped on every takeover and the expiry, judged by the database's clock.
 * engine_state_history: every observed-state write with the lease epoch it was made under, so
 * which holder ran which engine when can be proved from the database.
 */
export class OwnershipLease1764800000000 implements MigrationInterface {
  name = 'OwnershipLease1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ownership_lease (
        name varchar(128) PRIMARY KEY,
        holder varchar(256) NULL,
        epoch bigint NOT NULL CHECK (epoch > 0),
        acquired_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE engine_state_history (
        id bigserial PRIMARY KEY,
        symbol varchar(64) NOT NULL,
        observed_state varchar(16) NOT NULL,
        lease_epoch bigint NOT NULL,
        holder varchar(256) NOT NULL,
        at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(
      `CREATE INDEX engine_state_history_symbol_idx ON engine_state_history (symbol, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS engine_state_history`);
    await q.query(`DROP TABLE IF EXISTS ownership_lease`);
  }
}
