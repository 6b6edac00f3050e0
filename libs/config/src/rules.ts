// class-transformer's @Type reads design-time metadata even outside Nest.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { dec } from '@flotilla/core';

type Decorate = (target: object, key: string | symbol) => void;

function all(...decorators: Decorate[]): PropertyDecorator {
  return (target, key) => decorators.forEach((d) => d(target, key));
}

/** An integer within bounds; the rule text is what a bad value's error message says. */
export function Int(min: number, max?: number): PropertyDecorator {
  const message =
    max === undefined
      ? `must be an integer ≥ ${min}`
      : `must be an integer between ${min} and ${max}`;
  return all(
    IsInt({ message }),
    Min(min, { message }),
    ...(max === undefined ? [] : [Max(max, { message })]),
  );
}

export function Bool(): PropertyDecorator {
  return IsBoolean({ message: 'must be true or false' });
}

export function OneOf(values: readonly string[]): PropertyDecorator {
  return IsIn(values, { message: `must be one of ${values.join(', ')}` });
}

export function Text(minLength = 1, maxLength = 4096): PropertyDecorator {
  const message = `must be a string of ${minLength}-${maxLength} characters`;
  return all(
    IsString({ message }),
    MinLength(minLength, { message }),
    MaxLength(maxLength, { message }),
  );
}

export function Pattern(
  pattern: RegExp,
  rule: string,
  options: { each?: boolean } = {},
): PropertyDecorator {
  return all(
    IsString({ ...options, message: rule }),
    Matches(pattern, { ...options, message: rule }),
  );
}

/** A decimal carried as a string (never a float), inside [min, max]. */
export function DecimalString(min: string, max?: string): PropertyDecorator {
  const message =
    max === undefined
      ? `must be a decimal string ≥ ${min} (e.g. "${min}")`
      : `must be a decimal string between ${min} and ${max} (e.g. "${max}")`;
  return ValidateBy({
    name: 'isDecimalInRange',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value.trim())) return false;
        const d = dec(value.trim());
        return d.gte(min) && (max === undefined || d.lte(max));
      },
      defaultMessage: () => message,
    },
  });
}

/** A nested section: must be an object, validated with its own class, unknown keys rejected. */
export function Section(cls: () => new () => object): PropertyDecorator {
  return all(IsObject({ message: 'must be an object' }), ValidateNested(), Type(cls));
}

/** A decimal string strictly above zero and at most max: sizes, limits and distances. */
export function PositiveDecimalString(max: string): PropertyDecorator {
  const message = `must be a decimal string > 0 and ≤ ${max} (e.g. "1")`;
  return ValidateBy({
    name: 'isPositiveDecimal',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string' || !/^\d+(\.\d+)?$/.test(value.trim())) return false;
        const d = dec(value.trim());
        return d.gt(0) && d.lte(max);
      },
      defaultMessage: () => message,
    },
  });
}
