import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DEPENDENCIES } from '../dependency-monitor';

const PHASES = ['booting', 'standby', 'resuming', 'ready', 'shutting-down'];

export class FleetIndicatorDto {
  @ApiProperty({ enum: ['up', 'down'], example: 'up' }) status!: string;
  @ApiProperty({ enum: PHASES, example: 'ready' }) phase!: string;
  @ApiPropertyOptional({ example: 'shutting down', description: 'why not ready' })
  message?: string;
}

export class OwnershipIndicatorDto {
  @ApiProperty({ enum: ['up', 'down'], example: 'up' }) status!: string;
  @ApiProperty({ enum: ['owner', 'standby', 'lost', 'released'], example: 'owner' })
  state!: string;
  @ApiProperty({ type: 'integer', nullable: true, example: 3 }) epoch!: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'pod-a:1234:9f2c' }) holder!: string | null;
  @ApiProperty({ example: 'pod-a:1234:9f2c', description: "this process's holder id" })
  self!: string;
  @ApiPropertyOptional({ example: 'standby: the fleet is owned by pod-b:77:1a2b' })
  message?: string;
}

/** The readiness gate: the process phase and the ownership lease; `info` holds those up, `error` those down. */
export class FleetGateDto {
  @ApiPropertyOptional({ type: FleetIndicatorDto }) fleet?: FleetIndicatorDto;
  @ApiPropertyOptional({ type: OwnershipIndicatorDto }) ownership?: OwnershipIndicatorDto;
}

export class DependencyStateDto {
  @ApiProperty({ enum: ['up', 'down', 'unknown'], example: 'down' }) status!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-11-25T07:00:41.880Z',
    description: 'when the current status began',
  })
  since!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'postgres db:5432/flotilla: connect ECONNREFUSED 10.0.0.9:5432',
  })
  lastError!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-25T07:01:21.880Z' })
  checkedAt!: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 3.2 }) latencyMs!: number | null;
}

export class DependencyMapDto {
  @ApiProperty({
    type: DependencyStateDto,
    description: 'plus store, pendingWrites and rejectedWrites (if any)',
  })
  registry!: DependencyStateDto;
  @ApiProperty({ type: DependencyStateDto, description: "the venue's REST API" })
  venue!: DependencyStateDto;
  @ApiProperty({
    type: DependencyStateDto,
    description: 'the feed connections, plus connections, connected, oldestLastMessageAgeMs',
  })
  market_data!: DependencyStateDto;
}

export class DependenciesDto {
  @ApiProperty({ enum: ['ok', 'degraded'], example: 'degraded' }) status!: string;
  @ApiProperty({ enum: DEPENDENCIES, isArray: true, example: ['registry'] }) degraded!: string[];
  @ApiProperty({ type: DependencyMapDto }) dependencies!: DependencyMapDto;
}

export class ReconciliationDto {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    example: 3,
    description: 'engine runs with an execution',
  })
  engines!: number;
  @ApiProperty({ type: 'integer', minimum: 0, example: 3 }) done!: number;
  @ApiProperty({ type: 'integer', minimum: 0, example: 0 }) pending!: number;
  @ApiProperty({ type: 'integer', minimum: 0, example: 0 }) running!: number;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    example: 0,
    description: 'failed for now (venue down) and retrying; those engines take no entry yet',
  })
  failed!: number;
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ok', 'error'], example: 'ok' }) status!: string;
  @ApiProperty({ type: FleetGateDto, description: 'the gate when ready, else {}' })
  info!: FleetGateDto;
  @ApiProperty({ type: FleetGateDto, description: 'the gate when not ready, else {}' })
  error!: FleetGateDto;
  @ApiProperty({ type: FleetGateDto }) details!: FleetGateDto;
  @ApiProperty({
    enum: DEPENDENCIES,
    isArray: true,
    example: ['registry'],
    description: 'dependencies not up (they do not make the process unready)',
  })
  degraded!: string[];
  @ApiProperty({ type: DependencyMapDto }) dependencies!: DependencyMapDto;
  @ApiProperty({
    type: ReconciliationDto,
    description:
      "engines' reconciliation with the venue; reported, never a readiness gate (a venue outage at boot must not lock operators out)",
  })
  reconciliation!: ReconciliationDto;
}
