import { ApiPropertyOptional } from '@nestjs/swagger';

/**
 * Documentation of PUT /engines/{symbol}/config; the body is validated by @flotilla/config's rules,
 * then merged over the config file and checked as a start would check it. No key may be null.
 */
export class EngineOverridesDto {
  @ApiPropertyOptional({ type: 'integer', example: 10, minimum: 1 }) depthLevels?: number;
  @ApiPropertyOptional({ example: '0.8', description: 'decimal string in (0, 1]' })
  buyThreshold?: string;
  @ApiPropertyOptional({
    example: '0.2',
    description: 'decimal string in [0, 1), below buyThreshold',
  })
  sellThreshold?: string;
  @ApiPropertyOptional({ example: '20000', description: 'quote volume, decimal string' })
  minClusterVolume?: string;
  @ApiPropertyOptional({ type: 'integer', example: 30000 }) cooldownMs?: number;
  @ApiPropertyOptional({ type: 'integer', example: 200 }) signalHistory?: number;
  @ApiPropertyOptional({
    example: '100',
    description: 'USDT per entry, decimal string > 0, at most maxPositionNotional',
  })
  entryNotional?: string;
  @ApiPropertyOptional({ example: '1', description: 'stop loss, percent of entry, in (0, 50]' })
  stopLossPct?: string;
  @ApiPropertyOptional({ example: '2', description: 'take profit, percent of entry, in (0, 1000]' })
  takeProfitPct?: string;
  @ApiPropertyOptional({ example: true }) exitOnOppositeSignal?: boolean;
  @ApiPropertyOptional({ example: '1', description: 'decimal string in [1, 100]' })
  leverage?: string;
  @ApiPropertyOptional({ example: '1000', description: "USDT, this engine's largest position" })
  maxPositionNotional?: string;
  @ApiPropertyOptional({ type: 'integer', example: 3000, minimum: 100, maximum: 60000 })
  stopConfirmTimeoutMs?: number;
  @ApiPropertyOptional({
    example: '1.5',
    description: 'percent profit at which the stop starts to trail',
  })
  trailingActivationPct?: string;
  @ApiPropertyOptional({ example: '0.5', description: 'percent behind the best price' })
  trailingDistancePct?: string;
  @ApiPropertyOptional({ example: '0.1', description: 'smallest stop move, percent' })
  trailingMinMovePct?: string;
  @ApiPropertyOptional({
    type: 'integer',
    example: 60000,
    description: 'at most one trailing move per this many ms',
  })
  trailingMinIntervalMs?: number;
  @ApiPropertyOptional({
    example: '1.0',
    description: 'a move this large (percent) ignores the interval',
  })
  trailingBypassPct?: string;
  @ApiPropertyOptional({
    example: '3',
    description: 'protection guard emergency stop, percent from the entry',
  })
  guardEmergencyStopPct?: string;
  @ApiPropertyOptional({
    type: 'integer',
    example: 10800000,
    description: 'age at which a position gets its break-even exit',
  })
  agedAfterMs?: number;
  @ApiPropertyOptional({
    type: 'integer',
    example: 28800000,
    description: 'the break-even exit stands this long',
  })
  agedBreakEvenMs?: number;
  @ApiPropertyOptional({
    example: '0.5',
    description: 'then moves toward the market by this percent per hour',
  })
  agedStepPctPerHour?: string;
  @ApiPropertyOptional({
    type: 'integer',
    example: 36000000,
    description: 'age from which the step accelerates',
  })
  agedAccelAfterMs?: number;
  @ApiPropertyOptional({ example: '1.2', description: 'acceleration per hour' })
  agedAccelFactor?: string;
  @ApiPropertyOptional({
    example: '10',
    description: 'the aged exit never goes past this loss, percent',
  })
  agedMaxLossPct?: string;
}

export class EngineConfigResultDto {
  @ApiPropertyOptional({ example: 'BTCUSDT' }) symbol!: string;
  @ApiPropertyOptional({ type: EngineOverridesDto }) overrides!: EngineOverridesDto;
  @ApiPropertyOptional({ example: 'next start' }) appliesOn!: string;
}
