import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsISO8601, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

export class SignalsQueryDto {
  @ApiPropertyOptional({ example: 'BTCUSDT' })
  @IsOptional()
  @IsString()
  symbol?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-11-25T00:00:00Z',
    description: 'ISO-8601; signals at or after it',
  })
  @IsOptional()
  @IsISO8601(
    { strict: true },
    { message: 'since must be an ISO-8601 time such as 2026-11-25T00:00:00Z' },
  )
  since?: string;

  @ApiPropertyOptional({ type: 'integer', example: 100, minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(1000, { message: 'limit must be at most 1000' })
  limit?: number;
}

export class SignalDto {
  @ApiProperty({ example: 'BTCUSDT-1764054000000-1' }) id!: string;
  @ApiProperty({ example: 'BTCUSDT' }) symbol!: string;
  @ApiProperty({ enum: ['buy', 'sell'] }) side!: string;
  @ApiProperty({ example: '0.78', description: 'decimal string' }) imbalance!: string;
  @ApiProperty({ example: '64000.15' }) mid!: string;
  @ApiProperty({ example: '0.1' }) spread!: string;
  @ApiProperty({ example: '150000.5' }) bidVolume!: string;
  @ApiProperty({ example: '40000.2' }) askVolume!: string;
  @ApiProperty({ example: '12.5' }) buyFlow!: string;
  @ApiProperty({ example: '8.1' }) sellFlow!: string;
  @ApiProperty({ type: 'integer', example: 10 }) depthLevels!: number;
  @ApiProperty({ format: 'date-time', example: '2026-11-25T07:00:00.000Z' }) at!: string;
}
