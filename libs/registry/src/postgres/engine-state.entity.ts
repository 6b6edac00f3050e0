import type { EngineHealthSnapshot } from '@flotilla/engine';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'engine_state' })
export class EngineStateEntity {
  @PrimaryColumn({ name: 'symbol', type: 'varchar', length: 64 })
  symbol!: string;

  @Column({ name: 'desired_state', type: 'varchar', length: 16 })
  desiredState!: string;

  @Column({ name: 'observed_state', type: 'varchar', length: 16 })
  observedState!: string;

  @Column({ name: 'health', type: 'jsonb', nullable: true })
  health!: EngineHealthSnapshot | null;

  @Column({ name: 'config_overrides', type: 'jsonb' })
  configOverrides!: Record<string, unknown>;

  @Column({ name: 'restart_history', type: 'timestamptz', array: true })
  restartHistory!: Date[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'version', type: 'integer' })
  version!: number;
}
