import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import {
  AGE_STAGE_SCHEMA,
  EXIT_ORDER_SCHEMA,
  TRAILING_SCHEMA,
} from '../../engines/dto/engine-status.dto';

const DEC = (example: string, description = 'decimal as string') =>
  ({ type: String, example, description }) as const;
const DEC_OR_NULL = (example: string | null, description = 'decimal as string') =>
  ({ type: String, nullable: true, example, description }) as const;
const INT = { type: 'integer', minimum: 0 } as const;

export class PositionDto {
  @ApiProperty({ example: 'BTCUSDT' }) symbol!: string;
  @ApiProperty({
    example: 'open',
    description: 'opening, unprotected (never left standing), open or closing',
  })
  state!: string;
  @ApiProperty({ enum: ['long', 'short'], example: 'long' }) side!: string;
  @ApiProperty(DEC('0.0015')) qty!: string;
  @ApiProperty(DEC_OR_NULL('64000.5')) entryPrice!: string | null;
  @ApiProperty(DEC_OR_NULL('63360.5', 'the venue-side stop loss, decimal as string'))
  stopPrice!: string | null;
  @ApiProperty({ example: true, description: 'the stop was seen standing on the venue' })
  stopConfirmed!: boolean;
  @ApiProperty(DEC_OR_NULL('65280.5')) takeProfitPrice!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-11-25T07:00:00.000Z',
  })
  openedAt!: string | null;
  @ApiProperty(TRAILING_SCHEMA as unknown as ApiPropertyOptions)
  trailing!: { active: boolean; bestPrice: string | null; lastMoveAt: string | null } | null;
  @ApiProperty(AGE_STAGE_SCHEMA)
  ageStage!: string | null;
  @ApiProperty(EXIT_ORDER_SCHEMA as unknown as ApiPropertyOptions)
  exitOrder!: { clientOrderId: string; price: string } | null;
  @ApiProperty(DEC('1.2', 'from the book, decimal as string')) unrealizedPnl!: string;
  @ApiProperty(DEC('-0.35', 'since the engine started, fees included, decimal as string'))
  realizedPnl!: string;
  @ApiProperty({ ...INT, example: 3 }) tradeCount!: number;
  @ApiProperty({ enum: ['pending', 'running', 'done', 'failed'], example: 'done' })
  reconcile!: string;
}

export class PositionTotalsDto {
  @ApiProperty({ ...INT, example: 3, description: 'engines with a current run the query covers' })
  engines!: number;
  @ApiProperty({ ...INT, example: 1 }) openPositions!: number;
  @ApiProperty(DEC('1.2', 'sum over the engines, decimal as string')) unrealizedPnl!: string;
  @ApiProperty(DEC('-0.35', 'sum over the engines, flat ones included, decimal as string'))
  realizedPnl!: string;
}

export class PositionsDto {
  @ApiProperty({ type: [PositionDto], description: 'non-flat positions, by symbol' })
  positions!: PositionDto[];
  @ApiProperty({ type: PositionTotalsDto }) totals!: PositionTotalsDto;
}

export class BalanceDto {
  @ApiProperty({ example: 'USDT' }) currency!: string;
  @ApiProperty(DEC('10000', 'wallet balance, decimal as string')) total!: string;
  @ApiProperty(DEC('9899.9')) free!: string;
  @ApiProperty(DEC('100.1', 'margin of positions and orders, decimal as string')) used!: string;
}

export class OrderDto {
  @ApiProperty({ example: 'fl-BTCUSDT-k3j9x-e' }) clientOrderId!: string;
  @ApiProperty({ type: String, nullable: true, example: '1f2e3d4c' }) orderId!: string | null;
  @ApiProperty({ example: 'BTCUSDT' }) symbol!: string;
  @ApiProperty({ enum: ['entry', 'stop', 'take-profit', 'close'], example: 'entry' }) leg!: string;
  @ApiProperty({ enum: ['buy', 'sell'], example: 'buy' }) side!: string;
  @ApiProperty({ enum: ['market', 'limit'], example: 'market' }) type!: string;
  @ApiProperty({
    enum: [
      'new',
      'submitted',
      'accepted',
      'rejected',
      'partially-filled',
      'filled',
      'cancelled',
      'expired',
      'unknown',
    ],
    example: 'filled',
  })
  state!: string;
  @ApiProperty(DEC('0.0015')) qty!: string;
  @ApiProperty(DEC('0.0015')) filledQty!: string;
  @ApiProperty(DEC_OR_NULL(null, 'limit price, decimal as string')) price!: string | null;
  @ApiProperty(DEC_OR_NULL('64000.5')) avgPrice!: string | null;
  @ApiProperty(DEC_OR_NULL(null, 'stop trigger, decimal as string'))
  triggerPrice!: string | null;
  @ApiProperty({ example: false }) reduceOnly!: boolean;
  @ApiProperty({ example: 'BTCUSDT-1764054000000-1' }) signalId!: string;
  @ApiProperty({ example: 'BTCUSDT-1764054000000-1' }) traceId!: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-25T07:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-25T07:00:00.012Z' }) updatedAt!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'why it was rejected, cancelled or is unknown',
  })
  reason!: string | null;
}
