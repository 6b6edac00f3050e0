import { ApiProperty } from '@nestjs/swagger';

const INT = { type: 'integer', minimum: 0 } as const;
const MEASURE = (example: number | null) =>
  ({ type: Number, nullable: true, example, description: 'null without samples' }) as const;

export class DistributionDto {
  @ApiProperty(MEASURE(4.2)) p50!: number | null;
  @ApiProperty(MEASURE(11.8)) p99!: number | null;
  @ApiProperty(MEASURE(14.1)) max!: number | null;
  @ApiProperty({ ...INT, example: 240 }) samples!: number;
}

export class ExecutionStatsDto {
  @ApiProperty({ ...INT, example: 3, description: 'engines with a current run counted' })
  engines!: number;
  @ApiProperty({ ...INT, example: 250 }) signals!: number;
  @ApiProperty({ ...INT, example: 240 }) entriesSubmitted!: number;
  @ApiProperty({ ...INT, example: 228 }) entriesFilled!: number;
  @ApiProperty({ ...INT, example: 2 }) entriesRejected!: number;
  @ApiProperty({ ...INT, example: 10 }) riskRefusals!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '0.95',
    description:
      'entriesFilled / entriesSubmitted, decimal as string (4 places); null before the first entry',
  })
  fillRatio!: string | null;
  @ApiProperty({
    type: DistributionDto,
    description: 'entry slippage against the signal mid, basis points, adverse positive',
  })
  slippageBps!: DistributionDto;
  @ApiProperty({
    type: DistributionDto,
    description: 'signal → entry acknowledged by the venue, ms',
  })
  signalToAckMs!: DistributionDto;
}
