import type { EngineRecord } from '@flotilla/engine';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { AuditEvent, StoredAuditEvent } from '../audit.port';
import { AuditEventEntity } from './audit-event.entity';
import { EngineStateEntity } from './engine-state.entity';

export function toEngineRecord(row: EngineStateEntity): EngineRecord {
  return {
    symbol: row.symbol,
    desiredState: row.desiredState as EngineRecord['desiredState'],
    observedState: row.observedState as EngineRecord['observedState'],
    health: row.health ?? null,
    configOverrides: row.configOverrides ?? {},
    restartHistory: (row.restartHistory ?? []).map((d) => new Date(d).toISOString()),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export function toEngineRow(record: EngineRecord): EngineStateEntity {
  const row = new EngineStateEntity();
  row.symbol = record.symbol;
  row.desiredState = record.desiredState;
  row.observedState = record.observedState;
  row.health = record.health;
  row.configOverrides = record.configOverrides;
  row.restartHistory = record.restartHistory.map((iso) => new Date(iso));
  row.createdAt = new Date(record.createdAt);
  row.updatedAt = new Date(record.updatedAt);
  row.version = record.version;
  return row;
}

/** The row as insert/update values (jsonb columns hold arbitrary JSON, which TypeORM's type cannot express). */
export function toEngineValues(record: EngineRecord): QueryDeepPartialEntity<EngineStateEntity> {
  return toEngineRow(record) as QueryDeepPartialEntity<EngineStateEntity>;
}

/** Times as Postgres keeps them (millisecond ISO), so a returned record equals a later read. */
export function normalizeTimes(record: EngineRecord): EngineRecord {
  return toEngineRecord(toEngineRow(record));
}

export function toAuditRow(event: AuditEvent): AuditEventEntity {
  const row = new AuditEventEntity();
  row.at = new Date(event.at);
  row.traceId = event.traceId;
  row.actor = event.actor;
  row.action = event.action;
  row.subject = event.subject;
  row.before = event.before ?? null;
  row.after = event.after ?? null;
  row.context = event.context;
  row.notional = event.notional;
  return row;
}

export function toStoredAudit(row: AuditEventEntity): StoredAuditEvent {
  return {
    id: String(row.id),
    at: row.at.toISOString(),
    traceId: row.traceId,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    before: row.before,
    after: row.after,
    context: row.context,
    notional: row.notional,
  };
}
