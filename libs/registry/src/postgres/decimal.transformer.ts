import { dec, toWire, type Decimal } from '@flotilla/core';
import type { ValueTransformer } from 'typeorm';

/** Maps a Postgres numeric (pg returns it as a string) to decimal.js and back, never via a float. */
export const decimalTransformer: ValueTransformer = {
  to(value: Decimal | null | undefined): string | null | undefined {
    if (value === null || value === undefined) return value;
    return toWire(value);
  },
  from(value: string | null): Decimal | null {
    return value === null ? null : dec(value);
  },
};
