import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  ValidateIf,
  ValidatorConstraint,
  Validate,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';

@ValidatorConstraint({ name: 'flattenNeedsEngaged' })
class FlattenNeedsEngaged implements ValidatorConstraintInterface {
  validate(flatten: unknown, args: ValidationArguments): boolean {
    return flatten !== true || (args.object as { engaged?: unknown }).engaged === true;
  }
  defaultMessage(): string {
    return 'flatten needs engaged: true (a release cannot flatten)';
  }
}

export class KillSwitchDto {
  @ApiProperty({
    example: true,
    description: 'true: no new entries anywhere (persisted across restarts); false: release',
  })
  @IsBoolean({ message: 'engaged must be a boolean' })
  engaged!: boolean;

  @ApiPropertyOptional({
    example: false,
    default: false,
    description:
      'with engaged true: every running or paused engine also closes its position reduce-only (its stop stays until flat)',
  })
  // Not IsOptional: that would let null through as "absent".
  @ValidateIf((o: KillSwitchDto) => o.flatten !== undefined)
  @IsBoolean({ message: 'flatten must be a boolean' })
  @Validate(FlattenNeedsEngaged)
  flatten?: boolean;
}

export class FlattenFailureDto {
  @ApiProperty({ example: 'ETHUSDT' }) symbol!: string;
  @ApiProperty({ example: 'engine ETHUSDT has no execution to flatten' }) message!: string;
}

export class KillSwitchResultDto {
  @ApiProperty({ example: true }) engaged!: boolean;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-11-25T07:00:00.000Z',
    description: 'when it was engaged; null while released',
  })
  at!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'operator' }) by!: string | null;
  @ApiProperty({ example: true, description: 'whether this command flattened' }) flatten!: boolean;
  @ApiProperty({ type: [String], example: ['BTCUSDT', 'ETHUSDT'] }) flattened!: string[];
  @ApiProperty({ type: [FlattenFailureDto], example: [] }) failed!: FlattenFailureDto[];
}
