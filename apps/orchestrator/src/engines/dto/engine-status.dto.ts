import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ENGINE_STATES, type EngineState } from '@flotilla/engine';

const TIME = { type: String, format: 'date-time', nullable: true } as const;
const INT = { type: 'integer', minimum: 0 } as const;

const NULLABLE_STRING = { type: 'string', nullable: true } as const;

/** The position-care parts of a position (issue 11), shared with /trading/positions. */
export const TRAILING_SCHEMA = {
  type: 'object',
  nullable: true,
  description: 'the trailing stop (SPEC 9); null while the position has none (opening)',
  required: ['active', 'bestPrice', 'lastMoveAt'],
  properties: {
    active: {
      type: 'boolean',
      example: true,
      description: 'the position reached the activation profit (1.5 % by default)',
    },
    bestPrice: {
      ...NULLABLE_STRING,
      example: '66020.5',
      description: 'best mark since activation (highest long, lowest short), decimal as string',
    },
    lastMoveAt: {
      ...NULLABLE_STRING,
      format: 'date-time',
      example: '2026-11-25T08:10:00.000Z',
      description: 'when the trailed stop last moved; null before the first move',
    },
  },
} as const;

export const AGE_STAGE_SCHEMA = {
  type: 'string',
  nullable: true,
  enum: ['young', 'break-even', 'closing-in', null],
  example: 'young',
  description:
    'aged-position stage: young, break-even (one exit at the entry price), closing-in (its price moving toward the market)',
} as const;

export const EXIT_ORDER_SCHEMA = {
  type: 'object',
  nullable: true,
  description: "the aged position's one reduce-only limit exit standing on the venue",
  required: ['clientOrderId', 'price'],
  properties: {
    clientOrderId: { type: 'string', example: 'flt-BTCUSDT-k3j9x' },
    price: { type: 'string', example: '65012.4', description: 'limit price, decimal as string' },
  },
} as const;

/** OpenAPI 3.0 needs `type` beside `nullable`, and Nest drops it beside a $ref: inline schemas. */
const POSITION_SCHEMA = {
  type: 'object',
  nullable: true,
  description:
    "the engine's open position as its execution knows it from the venue; null when flat",
  required: [
    'state',
    'side',
    'qty',
    'entryPrice',
    'stopPrice',
    'stopConfirmed',
    'takeProfitPrice',
    'openedAt',
    'trailing',
    'ageStage',
    'exitOrder',
  ],
  properties: {
    state: { type: 'string', enum: ['opening', 'unprotected', 'open', 'closing'], example: 'open' },
    side: { type: 'string', enum: ['long', 'short'], example: 'long' },
    qty: { type: 'string', example: '0.002', description: 'decimal as string' },
    entryPrice: { ...NULLABLE_STRING, example: '65012.4' },
    stopPrice: { ...NULLABLE_STRING, example: '64362.2' },
    stopConfirmed: {
      type: 'boolean',
      example: true,
      description: 'the venue-side stop was read back from the venue',
    },
    takeProfitPrice: { ...NULLABLE_STRING, example: '66312.6' },
    openedAt: { ...NULLABLE_STRING, format: 'date-time', example: '2026-11-25T07:00:03.120Z' },
    trailing: TRAILING_SCHEMA,
    ageStage: AGE_STAGE_SCHEMA,
    exitOrder: EXIT_ORDER_SCHEMA,
  },
} as const;

const RECONCILE_SCHEMA = {
  type: 'object',
  nullable: true,
  description:
    "the run's reconciliation with the venue (no entry before done); null without execution",
  required: ['state', 'at', 'differences', 'error'],
  properties: {
    state: { type: 'string', enum: ['pending', 'running', 'done', 'failed'], example: 'done' },
    at: { ...NULLABLE_STRING, format: 'date-time', example: '2026-11-25T07:00:01.020Z' },
    differences: {
      type: 'integer',
      minimum: 0,
      example: 0,
      description: 'differences found and audited',
    },
    error: { ...NULLABLE_STRING, example: null },
  },
} as const;

export class FeedStatusDto {
  @ApiProperty({ example: true }) connected!: boolean;
  @ApiProperty({ ...TIME, example: '2026-11-25T07:00:00.000Z' })
  lastMessageAt!: string | null;
  @ApiProperty({ ...INT, example: 0 }) reconnects!: number;
}

export class EngineStatusDto {
  @ApiProperty({ example: 'BTCUSDT' }) symbol!: string;
  @ApiProperty({ enum: ENGINE_STATES, example: 'running' }) status!: string;
  @ApiProperty({ enum: ['running', 'stopped'], example: 'running' }) desiredStatus!: string;
  @ApiProperty({ ...TIME, example: '2026-11-25T07:00:00.000Z' }) startedAt!: string | null;
  @ApiProperty({ ...INT, example: 42 }) uptimeSeconds!: number;
  @ApiProperty({ ...TIME, example: '2026-11-25T07:00:41.880Z' })
  lastHeartbeat!: string | null;
  @ApiProperty({ ...INT, nullable: true, example: 120 }) heartbeatAgeMs!: number | null;
  @ApiProperty({ ...INT, example: 1234 }) eventsProcessed!: number;
  @ApiProperty({ ...INT, example: 0 }) errorCount!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'the last crash or handled error',
  })
  lastError!: string | null;
  @ApiProperty({ ...INT, example: 0, description: 'automatic restarts since this process started' })
  restartCount!: number;
  @ApiProperty({ ...TIME, example: null, description: 'set while in backoff' })
  nextRestartAt!: string | null;
  @ApiProperty(POSITION_SCHEMA as unknown as ApiPropertyOptions)
  position!: object | null;
  @ApiProperty({ example: '0', description: 'decimal as string' }) unrealizedPnl!: string;
  @ApiProperty({ example: '0', description: 'decimal as string' }) realizedPnl!: string;
  @ApiProperty({ ...INT, example: 0 }) tradeCount!: number;
  @ApiProperty({ type: FeedStatusDto }) feed!: FeedStatusDto;
  @ApiProperty(RECONCILE_SCHEMA as unknown as ApiPropertyOptions)
  reconcile!: object | null;
}

export class FleetStatusDto {
  @ApiProperty({ ...INT, example: 3, description: 'every engine, whatever the status filter' })
  total!: number;
  @ApiProperty({ ...INT, example: 3, description: 'starting, running or paused' })
  running!: number;
  @ApiProperty({ ...INT, example: 0, description: 'crashed or in backoff' }) crashed!: number;
  @ApiProperty({ ...INT, example: 0, description: 'stopped or stopping' }) stopped!: number;
  @ApiProperty({ ...INT, example: 0 }) failed!: number;
  @ApiProperty({ type: [EngineStatusDto], description: 'the engines the filter selects' })
  engines!: EngineStatusDto[];
}

export class FleetStatusQueryDto {
  @ApiPropertyOptional({
    enum: ENGINE_STATES,
    example: 'failed',
    description: 'only engines in this state; the totals stay fleet-wide',
  })
  @IsOptional()
  @IsIn(ENGINE_STATES, { message: `status must be one of ${ENGINE_STATES.join(', ')}` })
  status?: EngineState;
}

/** SPEC 6 `{ ok, symbol, status }` with status the engine's state; `engine` adds its full status. */
export class EngineCommandResultDto {
  @ApiProperty({ example: true }) ok!: boolean;
  @ApiProperty({ example: 'BTCUSDT' }) symbol!: string;
  @ApiProperty({
    enum: ENGINE_STATES,
    example: 'running',
    description: 'the engine state after the command',
  })
  status!: string;
  @ApiProperty({ type: EngineStatusDto }) engine!: EngineStatusDto;
}

export { ErrorDto } from '../../common/api-error';
