import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_ACTIONS } from '@flotilla/execution';

export class AuditEntryDto {
  @ApiProperty({ type: 'integer', example: 1042, description: 'increasing per process' })
  seq!: number;
  @ApiProperty({ format: 'date-time', example: '2026-11-25T07:00:00.012Z' }) at!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'BTCUSDT',
    description: 'null for fleet-wide operations (kill switch, risk reset)',
  })
  symbol!: string | null;
  @ApiProperty({ enum: AUDIT_ACTIONS, example: 'order.filled' }) action!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'BTCUSDT-1764054000000-1',
    description:
      'the signal id from the signal through its orders to its fills; the request id for operator commands',
  })
  traceId!: string | null;
  @ApiProperty({
    example: 'engine:BTCUSDT',
    description: 'engine:<SYMBOL>, operator, risk, reconcile, supervisor',
  })
  actor!: string;
  @ApiProperty({ type: String, nullable: true, example: null }) requestId!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: {
      oneOf: [{ type: 'string', nullable: true }, { type: 'number' }, { type: 'boolean' }],
    },
    example: {
      clientOrderId: 'fl-BTCUSDT-k3j9x-e',
      price: '64000.5',
      qty: '0.0015',
      fee: '0.0528',
    },
    description: 'what the operation carried; decimals as strings',
  })
  details!: Record<string, string | number | boolean | null>;
}
