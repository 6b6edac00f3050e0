import { IsOptional } from 'class-validator';
import { DecimalString, Int, PositiveDecimalString } from './rules';

/*
 * Position care per symbol (libs/execution PositionCareSettings, SPEC 9): the names are the
 * interface's, percentages of the entry price as decimal strings, times in ms.
 */
const MAX_CARE_MS = 30 * 86_400_000;
const MAX_PCT = '100';

/** engineDefaults' position-care keys (EngineParams extends this). */
export class CareParams {
  @PositiveDecimalString(MAX_PCT) trailingActivationPct!: string;
  @PositiveDecimalString('50') trailingDistancePct!: string;
  @DecimalString('0', '50') trailingMinMovePct!: string;
  @Int(0, 86_400_000) trailingMinIntervalMs!: number;
  @PositiveDecimalString(MAX_PCT) trailingBypassPct!: string;
  @PositiveDecimalString('50') guardEmergencyStopPct!: string;
  @Int(60_000, MAX_CARE_MS) agedAfterMs!: number;
  @Int(0, MAX_CARE_MS) agedBreakEvenMs!: number;
  @DecimalString('0', MAX_PCT) agedStepPctPerHour!: string;
  @Int(0, MAX_CARE_MS) agedAccelAfterMs!: number;
  @DecimalString('1', '10') agedAccelFactor!: string;
  @PositiveDecimalString(MAX_PCT) agedMaxLossPct!: string;
}

/** The same keys as per-symbol overrides (EngineOverrides extends this). */
export class CareOverrides {
  @IsOptional() @PositiveDecimalString(MAX_PCT) trailingActivationPct?: string;
  @IsOptional() @PositiveDecimalString('50') trailingDistancePct?: string;
  @IsOptional() @DecimalString('0', '50') trailingMinMovePct?: string;
  @IsOptional() @Int(0, 86_400_000) trailingMinIntervalMs?: number;
  @IsOptional() @PositiveDecimalString(MAX_PCT) trailingBypassPct?: string;
  @IsOptional() @PositiveDecimalString('50') guardEmergencyStopPct?: string;
  @IsOptional() @Int(60_000, MAX_CARE_MS) agedAfterMs?: number;
  @IsOptional() @Int(0, MAX_CARE_MS) agedBreakEvenMs?: number;
  @IsOptional() @DecimalString('0', MAX_PCT) agedStepPctPerHour?: string;
  @IsOptional() @Int(0, MAX_CARE_MS) agedAccelAfterMs?: number;
  @IsOptional() @DecimalString('1', '10') agedAccelFactor?: string;
  @IsOptional() @PositiveDecimalString(MAX_PCT) agedMaxLossPct?: string;
}

/** The fleet's position-care jobs (apps/orchestrator fleet jobs). */
export class CareJobsConfig {
  /** The protection guard's sweep over every open position, default 300 000 (5 min). */
  @Int(1_000, 86_400_000) guardIntervalMs!: number;
  /** The zombie job's tick; each engine sweeps on its own adaptive 60-300 s interval, default 60 000. */
  @Int(1_000, 3_600_000) zombieTickMs!: number;
}

/** The per-symbol care keys, in PositionCareSettings' order. */
export const CARE_PARAM_KEYS = [
  'trailingActivationPct',
  'trailingDistancePct',
  'trailingMinMovePct',
  'trailingMinIntervalMs',
  'trailingBypassPct',
  'guardEmergencyStopPct',
  'agedAfterMs',
  'agedBreakEvenMs',
  'agedStepPctPerHour',
  'agedAccelAfterMs',
  'agedAccelFactor',
  'agedMaxLossPct',
] as const;
