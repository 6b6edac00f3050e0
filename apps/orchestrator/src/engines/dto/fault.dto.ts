import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

export const FAULT_KINDS = ['crash', 'hang', 'error'] as const;

export class EngineFaultDto {
  @ApiProperty({ enum: FAULT_KINDS, example: 'crash' })
  @IsIn(FAULT_KINDS, { message: `type must be one of ${FAULT_KINDS.join(', ')}` })
  type!: (typeof FAULT_KINDS)[number];
}
