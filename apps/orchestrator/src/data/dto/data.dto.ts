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

export class OrderBookDto {
  @ApiProperty({ example: 'BTCUSDT' }) symbol!: string;
  @ApiProperty({ example: 1234 }) updateId!: number;
  @ApiProperty({ example: [['64000.1', '0.512']], description: '[price, size] best first' })
  bids!: [string, string][];
  @ApiProperty({ example: [['64000.2', '0.3']] }) asks!: [string, string][];
}

export class FeedHealthDto {
  @ApiProperty() connected!: boolean;
  @ApiProperty({ type: String, nullable: true }) lastMessageAt!: string | null;
  @ApiProperty() reconnects!: number;
  @ApiProperty() gaps!: number;
  @ApiProperty() malformed!: number;
}

export class BookMetricsDto {
  @ApiProperty({ example: 'BTCUSDT' }) symbol!: string;
  @ApiProperty({ example: 10 }) depthLevels!: number;
  @ApiProperty({ type: String, nullable: true, example: '64000.15' }) mid!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '0.1' }) spread!: string | null;
  @ApiProperty({ type: String, nullable: true }) bidVolume!: string | null;
  @ApiProperty({ type: String, nullable: true }) askVolume!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '0.62' }) imbalance!: string | null;
  @ApiProperty({ type: FeedHealthDto }) feed!: FeedHealthDto;
}

export class OrderBookQueryDto {
  @ApiPropertyOptional({ example: 20, minimum: 1, maximum: 200, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'depth must be an integer' })
  @Min(1, { message: 'depth must be at least 1' })
  @Max(200, { message: 'depth must be at most 200' })
  depth?: number;
}
