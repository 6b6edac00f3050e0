import type { TakerSide } from '../market';
import type { TickLevel } from '../order-book';

/** An upstream book update in this market's ticks and steps (mirror mode). */
export interface UpstreamBook {
  readonly snapshot: boolean;
  readonly bids: readonly TickLevel[];
  readonly asks: readonly TickLevel[];
}

/** An upstream trade in this market's ticks and steps (mirror mode). */
export interface UpstreamPrint {
  readonly id: string;
  readonly side: TakerSide;
  readonly priceTicks: number;
  readonly sizeSteps: number;
}
