import { ApiProperty } from '@nestjs/swagger';

const DEC = (example: string, description = 'decimal as string') =>
  ({ type: String, example, description }) as const;
const INT = { type: 'integer', minimum: 0 } as const;

export class RiskLimitsDto {
  @ApiProperty({ ...INT, example: 5 }) maxOpenPositions!: number;
  @ApiProperty(DEC('10000', 'USDT, decimal as string')) maxTotalExposure!: string;
  @ApiProperty(DEC('5', 'USDT, decimal as string')) minOrderNotional!: string;
  @ApiProperty(DEC('1000', 'USDT per engine, decimal as string')) maxPositionNotional!: string;
  @ApiProperty(DEC('500', 'realised loss per UTC day (positive), decimal as string'))
  dailyLossLimit!: string;
}

export class KillSwitchStateDto {
  @ApiProperty({ example: false }) engaged!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  at!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) by!: string | null;
}

export class RiskRefusalsDto {
  @ApiProperty({ ...INT, example: 0 }) 'kill-switch'!: number;
  @ApiProperty({ ...INT, example: 0 }) 'daily-loss'!: number;
  @ApiProperty({ ...INT, example: 2 }) 'max-open-positions'!: number;
  @ApiProperty({ ...INT, example: 0 }) 'max-exposure'!: number;
  @ApiProperty({ ...INT, example: 0 }) 'min-notional'!: number;
  @ApiProperty({ ...INT, example: 0 }) 'max-position'!: number;
  @ApiProperty({ ...INT, example: 1 }) 'position-open'!: number;
}

export class RiskStatusDto {
  @ApiProperty({ type: RiskLimitsDto }) limits!: RiskLimitsDto;
  @ApiProperty({ ...INT, example: 1 }) openPositions!: number;
  @ApiProperty({ ...INT, example: 0, description: 'entries reserved, not filled yet' })
  reservedPositions!: number;
  @ApiProperty(DEC('100.2', 'USDT, decimal as string')) exposure!: string;
  @ApiProperty(DEC('0', 'USDT, decimal as string')) reservedExposure!: string;
  @ApiProperty(DEC('-0.35', 'since 00:00 UTC, fees included, decimal as string'))
  dailyRealizedPnl!: string;
  @ApiProperty({ example: false }) dailyLossBreached!: boolean;
  @ApiProperty({ example: '2026-11-25', description: 'the UTC day the daily figures cover' })
  day!: string;
  @ApiProperty({ type: KillSwitchStateDto }) killSwitch!: KillSwitchStateDto;
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'why a new entry would be refused right now (kill-switch, daily-loss), else null',
  })
  entriesBlocked!: string | null;
  @ApiProperty({ type: RiskRefusalsDto, description: 'refusals by reason since start' })
  refusals!: RiskRefusalsDto;
}
