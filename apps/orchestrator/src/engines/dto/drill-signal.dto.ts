import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

export const DRILL_SIDES = ['buy', 'sell'] as const;

export class DrillSignalDto {
  @ApiProperty({ enum: DRILL_SIDES, example: 'buy' })
  @IsIn(DRILL_SIDES, { message: `side must be one of ${DRILL_SIDES.join(', ')}` })
  side!: (typeof DRILL_SIDES)[number];
}
