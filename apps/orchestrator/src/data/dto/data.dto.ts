import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class PairDto {
  @ApiProperty({ example: 'BTCUSDT' }) symbol!: string;
  @ApiProperty({ example: 'BTC' }) base!: string;
  @ApiProperty({ example: 'USDT' }) quote!: string;
  @ApiProperty({ example: '0.1' }) tickSize!: string;
  @ApiProperty({ example: '0.001' }) qtyStep!: string;
  @ApiProperty({ example: '0.001' }) minOrderQty!: string;
  @ApiProperty({ example: '5' }) minNotional!: string;
  @ApiProperty({ example: true }) subscribed!: boolean;
}

/** [price, size] as decimal strings, as served. */
const LEVELS = {
  type: 'array',
  items: {
    type: 'array',
    items: { type: 'string', description: 'decimal string' },
    minItems: 2,
    maxItems: 2,
  },
} as const;

export class OrderBookDto {
  @ApiProperty({ example: 'BTCUSDT' }) symbol!: string;
  @ApiProperty({ type: 'integer', example: 1234, description: "the venue's book sequence" })
  updateId!: number;
  @ApiProperty({
    ...LEVELS,
    example: [
      ['64000.1', '0.512'],
      ['64000', '1.2'],
    ],
    description: '[price, size] pairs as decimal strings, best (highest) first',
  })
  bids!: [string, string][];
  @ApiProperty({
    ...LEVELS,
    example: [
      ['64000.2', '0.3'],
      ['64000.3', '2.05'],
    ],
    description: '[price, size] pairs as decimal strings, best (lowest) first',
  })
  asks!: [string, string][];
}

const INT = { type: 'integer', minimum: 0 } as const;

export class FeedHealthDto {
  @ApiProperty({ example: true }) connected!: boolean;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-11-25T07:00:41.880Z',
  })
  lastMessageAt!: string | null;
  @ApiProperty({ ...INT, example: 0 }) reconnects!: number;
  @ApiProperty({ ...INT, example: 0, description: 'sequence gaps that forced a resync' })
  gaps!: number;
  @ApiProperty({ ...INT, example: 0, description: 'frames dropped as malformed' })
  malformed!: number;
}

export class BookMetricsDto {
  @ApiProperty({ example: 'BTCUSDT' }) symbol!: string;
  @ApiProperty({ ...INT, example: 10 }) depthLevels!: number;
  @ApiProperty({ type: String, nullable: true, example: '64000.15' }) mid!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '0.1' }) spread!: string | null;
  @ApiProperty({ type: String, nullable: true }) bidVolume!: string | null;
  @ApiProperty({ type: String, nullable: true }) askVolume!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '0.62' }) imbalance!: string | null;
  @ApiProperty({ type: FeedHealthDto }) feed!: FeedHealthDto;
}

export class OrderBookQueryDto {
  @ApiPropertyOptional({ type: 'integer', example: 20, minimum: 1, maximum: 200, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'depth must be an integer' })
  @Min(1, { message: 'depth must be at least 1' })
  @Max(200, { message: 'depth must be at most 200' })
  depth?: number;
}
