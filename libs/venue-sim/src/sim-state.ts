import { Clock } from '@flotilla/core';
import { InstrumentSpec } from './instruments';
import { Market } from './market';

/** What the protocol handlers read: markets by symbol in listing order, and the clock. */
export interface SimState {
  readonly clock: Clock;
  readonly instruments: readonly InstrumentSpec[];
  readonly markets: ReadonlyMap<string, Market>;
  readonly launchTimeMs: number;
}
