import type { Decimal } from '@flotilla/core';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { decimalTransformer } from './decimal.transformer';

@Entity({ name: 'audit_event' })
@Index('audit_event_subject_at_idx', ['subject', 'at'])
@Index('audit_event_trace_id_idx', ['traceId'])
export class AuditEventEntity {
  /** bigserial; pg hands bigint back as a string. */
  @PrimaryGeneratedColumn({ name: 'id', type: 'bigint' })
  id!: string;

  @Column({ name: 'at', type: 'timestamptz' })
  at!: Date;

  @Column({ name: 'trace_id', type: 'varchar', length: 128, nullable: true })
  traceId!: string | null;

  @Column({ name: 'actor', type: 'varchar', length: 256 })
  actor!: string;

  @Column({ name: 'action', type: 'varchar', length: 128 })
  action!: string;

  @Column({ name: 'subject', type: 'varchar', length: 256 })
  subject!: string;

  @Column({ name: 'before', type: 'jsonb', nullable: true })
  before!: unknown;

  @Column({ name: 'after', type: 'jsonb', nullable: true })
  after!: unknown;

  @Column({ name: 'context', type: 'jsonb' })
  context!: Record<string, unknown>;

  @Column({ name: 'notional', type: 'numeric', nullable: true, transformer: decimalTransformer })
  notional!: Decimal | null;
}
