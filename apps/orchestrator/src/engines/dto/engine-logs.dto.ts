import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { CURSOR_RULE } from '../engine-log-cursor';

export const DEFAULT_LOG_LINES = 100;
export const MAX_LOG_LINES = 1000;

export class EngineLogsQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_LOG_LINES,
    default: DEFAULT_LOG_LINES,
    example: 100,
    description:
      'without cursor: the last N lines; with cursor: at most N lines written after it (oldest first)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'lines must be an integer' })
  @Min(1, { message: 'lines must be at least 1' })
  @Max(MAX_LOG_LINES, { message: `lines must be at most ${MAX_LOG_LINES}` })
  lines?: number;

  @ApiPropertyOptional({
    example: '20261202.0:4096',
    description: 'the cursor of an earlier answer: only lines written after it (poll to follow)',
  })
  @IsOptional()
  @IsString()
  @Matches(/^\d{8}\.\d{1,6}:\d{1,15}$/, { message: CURSOR_RULE })
  cursor?: string;
}

export class EngineLogsDto {
  @ApiProperty({ example: 'BTCUSDT' }) symbol!: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    example: [
      {
        ts: '2026-12-02T05:00:00.000Z',
        level: 'info',
        pid: 4242,
        host: 'flotilla-0',
        symbol: 'BTCUSDT',
        msg: 'engine state running',
      },
    ],
    description:
      "the engine's JSONL log lines, parsed, oldest first (secrets already redacted); a line that is not a JSON object comes as { unparsed }",
  })
  lines!: Record<string, unknown>[];

  @ApiProperty({
    example: '20261202.0:4096',
    description: 'opaque; pass it back as ?cursor= for the lines written after these',
  })
  cursor!: string;
}
