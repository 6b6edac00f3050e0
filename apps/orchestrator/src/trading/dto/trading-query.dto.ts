import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsISO8601, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { AUDIT_ACTIONS, type AuditAction, type OrderState } from '@flotilla/execution';
import type { OrderStatusFilter } from '../trading-desk.service';

/** Every order state, and `open` for the ones that may still change. */
export const ORDER_STATUS_FILTERS: readonly OrderStatusFilter[] = [
  'open',
  'new',
  'submitted',
  'accepted',
  'rejected',
  'partially-filled',
  'filled',
  'cancelled',
  'expired',
  'unknown',
] satisfies readonly (OrderState | 'open')[];

const SINCE_MESSAGE = 'since must be an ISO-8601 time such as 2026-11-25T00:00:00Z';

export class SymbolQueryDto {
  @ApiPropertyOptional({
    example: 'BTCUSDT',
    description: 'only this engine; BTC-USDT and btcusdt are accepted',
  })
  @IsOptional()
  @IsString()
  symbol?: string;
}

export class OrdersQueryDto extends SymbolQueryDto {
  @ApiPropertyOptional({
    enum: ORDER_STATUS_FILTERS,
    example: 'open',
    description:
      'an order state, or open for new, submitted, accepted, partially-filled and unknown',
  })
  @IsOptional()
  @IsIn(ORDER_STATUS_FILTERS, {
    message: `status must be one of ${ORDER_STATUS_FILTERS.join(', ')}`,
  })
  status?: OrderStatusFilter;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-11-25T00:00:00Z',
    description: 'ISO-8601; orders changed at or after it',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: SINCE_MESSAGE })
  since?: string;

  @ApiPropertyOptional({ type: 'integer', example: 100, minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(1000, { message: 'limit must be at most 1000' })
  limit?: number;
}

export class AuditQueryDto extends SymbolQueryDto {
  @ApiPropertyOptional({ enum: AUDIT_ACTIONS, example: 'order.filled' })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS, { message: `action must be one of ${AUDIT_ACTIONS.join(', ')}` })
  action?: AuditAction;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-11-25T00:00:00Z',
    description: 'ISO-8601; entries at or after it',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: SINCE_MESSAGE })
  since?: string;

  @ApiPropertyOptional({
    example: 'BTCUSDT-1764054000000-1',
    description: 'one signal through its orders and fills, or one operator request id',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/, {
    message: 'traceId must be 1-128 letters, digits, ".", "_", ":" or "-"',
  })
  traceId?: string;

  @ApiPropertyOptional({ type: 'integer', example: 100, minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(1000, { message: 'limit must be at most 1000' })
  limit?: number;
}
