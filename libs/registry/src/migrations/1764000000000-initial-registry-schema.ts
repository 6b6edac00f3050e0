import type { MigrationInterface, QueryRunner } from 'typeorm';

/** engine_state and the append-only audit_event table (SPEC 5, 7). */
export class InitialRegistrySchema1764000000000 implements MigrationInterface {
  name = 'InitialRegistrySchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE engine_state (
        symbol varchar(64) PRIMARY KEY,
        desired_state varchar(16) NOT NULL CHECK (desired_state IN ('running', 'stopped')),
        observed_state varchar(16) NOT NULL CHECK (observed_state IN
          ('stopped', 'starting', 'running', 'paused', 'stopping', 'crashed', 'backoff', 'failed')),
        health jsonb NULL,
        config_overrides jsonb NOT NULL DEFAULT '{}'::jsonb,
        restart_history timestamptz[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version integer NOT NULL DEFAULT 0 CHECK (version >= 0)
      )`);
    await q.query(`
      CREATE TABLE audit_event (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        trace_id varchar(128) NULL,
        actor varchar(256) NOT NULL,
        action varchar(128) NOT NULL,
        subject varchar(256) NOT NULL,
        before jsonb NULL,
        after jsonb NULL,
        context jsonb NOT NULL DEFAULT '{}'::jsonb,
        notional numeric NULL
      )`);
    await q.query(`CREATE INDEX audit_event_subject_at_idx ON audit_event (subject, at)`);
    await q.query(`CREATE INDEX audit_event_trace_id_idx ON audit_event (trace_id)`);
    // Append-only at the database level too, so no code path or ad-hoc session can rewrite history.
    await q.query(`
      CREATE FUNCTION audit_event_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_event_no_update_delete BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_reject_change()`);
    await q.query(`
      CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_reject_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS audit_event`);
    await q.query(`DROP FUNCTION IF EXISTS audit_event_reject_change()`);
    await q.query(`DROP TABLE IF EXISTS engine_state`);
  }
}
