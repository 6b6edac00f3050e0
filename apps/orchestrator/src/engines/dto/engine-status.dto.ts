import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ENGINE_STATES } from '@flotilla/engine';

export class FeedStatusDto {
  @ApiProperty({ example: true }) connected!: boolean;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-25T07:00:00.000Z' })
  lastMessageAt!: string | null;
  @ApiProperty({ example: 0 }) reconnects!: number;
}

export class EngineStatusDto {
  @ApiProperty({ example: 'BTCUSDT' }) symbol!: string;
  @ApiProperty({ enum: ENGINE_STATES, example: 'running' }) status!: string;
  @ApiProperty({ enum: ['running', 'stopped'], example: 'running' }) desiredStatus!: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-25T07:00:00.000Z' }) startedAt!:
    string | null;
  @ApiProperty({ example: 42 }) uptimeSeconds!: number;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-25T07:00:41.880Z' })
  lastHeartbeat!: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 120 }) heartbeatAgeMs!: number | null;
  @ApiProperty({ example: 1234 }) eventsProcessed!: number;
  @ApiProperty({ example: 0 }) errorCount!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'the last crash or handled error',
  })
  lastError!: string | null;
  @ApiProperty({ example: 0, description: 'automatic restarts since this process started' })
  restartCount!: number;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'set while in backoff' })
  nextRestartAt!: string | null;
  @ApiPropertyOptional({
    type: Object,
    nullable: true,
    example: null,
    description: 'null until order execution exists',
  })
  position!: null;
  @ApiProperty({ example: '0', description: 'decimal as string' }) unrealizedPnl!: string;
  @ApiProperty({ example: '0', description: 'decimal as string' }) realizedPnl!: string;
  @ApiProperty({ example: 0 }) tradeCount!: number;
  @ApiProperty({ type: FeedStatusDto }) feed!: FeedStatusDto;
}

export class FleetStatusDto {
  @ApiProperty({ example: 3 }) total!: number;
  @ApiProperty({ example: 3, description: 'starting, running or paused' }) running!: number;
  @ApiProperty({ example: 0, description: 'crashed or in backoff' }) crashed!: number;
  @ApiProperty({ example: 0 }) stopped!: number;
  @ApiProperty({ example: 0 }) failed!: number;
  @ApiProperty({ type: [EngineStatusDto] }) engines!: EngineStatusDto[];
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

export class ErrorDto {
  @ApiProperty({ example: 404 }) statusCode!: number;
  @ApiProperty({ example: 'Not Found' }) error!: string;
  @ApiPropertyOptional({
    example: 'ENGINE_NOT_FOUND',
    description: 'the domain error code, on errors the service raised itself',
  })
  code?: string;
  @ApiProperty({ example: 'no engine for BTCUSDT' }) message!: string;
  @ApiProperty({ example: '2d7c6b9e-3f0a-4c55-9a51-2f3c1b8f0e11' }) requestId!: string;
}
