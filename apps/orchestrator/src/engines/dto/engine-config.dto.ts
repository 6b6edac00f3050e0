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
}

export class EngineConfigResultDto {
  @ApiPropertyOptional({ example: 'BTCUSDT' }) symbol!: string;
  @ApiPropertyOptional({ type: EngineOverridesDto }) overrides!: EngineOverridesDto;
  @ApiPropertyOptional({ example: 'next start' }) appliesOn!: string;
}
