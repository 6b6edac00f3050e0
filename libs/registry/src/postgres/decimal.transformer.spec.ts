import { dec } from '@flotilla/core';
import { decimalTransformer } from './decimal.transformer';

describe('decimalTransformer', () => {
  it('reads numeric strings into exact decimals', () => {
    const value = decimalTransformer.from('0.100000000000000000000000000001') as ReturnType<
      typeof dec
    >;
    expect(value.toFixed()).toBe('0.100000000000000000000000000001');
    const tenth = decimalTransformer.from('0.1') as ReturnType<typeof dec>;
    expect(tenth.plus('0.2').toFixed()).toBe('0.3');
  });

  it('writes decimals as plain strings, never exponent notation', () => {
    expect(decimalTransformer.to(dec('1e-12'))).toBe('0.000000000001');
    expect(decimalTransformer.to(dec('123456789012345678901234567890'))).toBe(
      '123456789012345678901234567890',
    );
  });

  it('keeps null and undefined', () => {
    expect(decimalTransformer.from(null)).toBeNull();
    expect(decimalTransformer.to(null)).toBeNull();
    expect(decimalTransformer.to(undefined)).toBeUndefined();
  });
});
