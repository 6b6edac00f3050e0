import { Prng, seedFor } from './prng';
import { formatUnits, parseUnits, scaleOf } from './units';

/** Trading rules of one simulated linear perpetual, as Bybit lists them (strings on the wire). */
export interface InstrumentSpec {
  readonly symbol: string;
  readonly baseCoin: string;
  readonly quoteCoin: 'USDT';
  readonly priceScale: number;
  readonly tickSize: string;
  readonly qtyStep: string;
  readonly minOrderQty: string;
  readonly maxOrderQty: string;
  readonly minNotionalValue: string;
  readonly maxLeverage: string;
  /** Starting mid price, on the tick grid. */
  readonly startPrice: string;
  /** Typical resting size of one book level, in base coin. */
  readonly levelSize: string;
}

/** Integer views of the spec used by the generator: prices in ticks, sizes in qty steps. */
export interface InstrumentGrid {
  readonly spec: InstrumentSpec;
  /** Price units (10^-priceScale) per tick. */
  readonly unitsPerTick: number;
  readonly qtyScale: number;
  readonly unitsPerStep: number;
  readonly startTicks: number;
  readonly levelSizeSteps: number;
}

const MAJORS: readonly InstrumentSpec[] = [
  major('BTCUSDT', 'BTC', 2, '0.10', '0.001', '1190.000', '100.00', '65000.00', '0.400'),
  major('ETHUSDT', 'ETH', 2, '0.01', '0.01', '7240.00', '100.00', '3200.00', '6.00'),
  major('SOLUSDT', 'SOL', 3, '0.010', '0.1', '79770.0', '100.00', '150.000', '120.0'),
  major('BNBUSDT', 'BNB', 2, '0.10', '0.01', '1285.00', '75.00', '600.00', '20.00'),
  major('XRPUSDT', 'XRP', 4, '0.0001', '1', '7110000', '75.00', '2.1000', '5000'),
  major('DOGEUSDT', 'DOGE', 5, '0.00001', '1', '16160000', '75.00', '0.16000', '80000'),
  major('ADAUSDT', 'ADA', 4, '0.0001', '1', '7080000', '75.00', '0.4500', '25000'),
];

function major(
  symbol: string,
  baseCoin: string,
  priceScale: number,
  tickSize: string,
  qtyStep: string,
  maxOrderQty: string,
  maxLeverage: string,
  startPrice: string,
  levelSize: string,
): InstrumentSpec {
  return {
    symbol,
    baseCoin,
    quoteCoin: 'USDT',
    priceScale,
    tickSize,
    qtyStep,
    minOrderQty: qtyStep,
    maxOrderQty,
    minNotionalValue: '5',
    maxLeverage,
    startPrice,
    levelSize,
  };
}

/** SYN0001USDT...: prices spread over 0.1..5000 so every grid shape gets exercised. */
function synthetic(index: number, seed: number): InstrumentSpec {
  const symbol = `SYN${String(index).padStart(4, '0')}USDT`;
  const rng = new Prng(seedFor(seed, symbol));
  const exponent = rng.int(-1, 3);
  const priceScale = Math.max(0, 4 - exponent);
  const mantissa = rng.int(1000, 4999);
  const mantissaUnits = mantissa * 10 ** (priceScale - 3 + exponent);
  const qtyScale = Math.max(0, exponent + 1);
  const qtyStep = formatUnits(1, qtyScale);
  // A level is worth 5k..50k USDT: notional / price / step, all powers of ten cancel to this.
  const levelSteps = Math.max(1, Math.round((rng.int(5000, 50000) * 10000) / mantissa));
  return {
    symbol,
    baseCoin: symbol.slice(0, -4),
    quoteCoin: 'USDT',
    priceScale,
    tickSize: formatUnits(1, priceScale),
    qtyStep,
    minOrderQty: qtyStep,
    maxOrderQty: formatUnits(10 ** (qtyScale + 6), qtyScale),
    minNotionalValue: '5',
    maxLeverage: '50.00',
    startPrice: formatUnits(Math.round(mantissaUnits), priceScale),
    levelSize: formatUnits(levelSteps, qtyScale),
  };
}

export function buildInstruments(seed: number, syntheticCount: number): InstrumentSpec[] {
  const list = [...MAJORS];
  for (let i = 1; i <= syntheticCount; i++) list.push(synthetic(i, seed));
  return list;
}

export function gridOf(spec: InstrumentSpec): InstrumentGrid {
  const unitsPerTick = mustUnits(spec.tickSize, spec.priceScale, spec.symbol);
  const qtyScale = scaleOf(spec.qtyStep);
  const unitsPerStep = mustUnits(spec.qtyStep, qtyScale, spec.symbol);
  return {
    spec,
    unitsPerTick,
    qtyScale,
    unitsPerStep,
    startTicks: Math.round(mustUnits(spec.startPrice, spec.priceScale, spec.symbol) / unitsPerTick),
    levelSizeSteps: Math.max(
      1,
      Math.round(mustUnits(spec.levelSize, qtyScale, spec.symbol) / unitsPerStep),
    ),
  };
}

function mustUnits(text: string, scale: number, symbol: string): number {
  const units = parseUnits(text, scale);
  if (units === null) throw new Error(`${symbol}: ${text} is not on a ${scale}-decimal grid`);
  return units;
}

/** The instruments-info list entry, field for field as Bybit v5 returns it for linear. */
export function instrumentInfo(
  spec: InstrumentSpec,
  launchTimeMs: number,
): Record<string, unknown> {
  const maxPriceUnits = BigInt(mustUnits(spec.tickSize, spec.priceScale, spec.symbol)) * 19999998n;
  return {
    symbol: spec.symbol,
    contractType: 'LinearPerpetual',
    status: 'Trading',
    baseCoin: spec.baseCoin,
    quoteCoin: spec.quoteCoin,
    launchTime: String(launchTimeMs),
    deliveryTime: '0',
    deliveryFeeRate: '',
    priceScale: String(spec.priceScale),
    leverageFilter: { minLeverage: '1', maxLeverage: spec.maxLeverage, leverageStep: '0.01' },
    priceFilter: {
      minPrice: spec.tickSize,
      maxPrice: formatUnits(maxPriceUnits, spec.priceScale),
      tickSize: spec.tickSize,
    },
    lotSizeFilter: {
      maxOrderQty: spec.maxOrderQty,
      minOrderQty: spec.minOrderQty,
      qtyStep: spec.qtyStep,
      postOnlyMaxOrderQty: spec.maxOrderQty,
      maxMktOrderQty: spec.maxOrderQty,
      minNotionalValue: spec.minNotionalValue,
    },
    unifiedMarginTrade: true,
    fundingInterval: 480,
    settleCoin: spec.quoteCoin,
    copyTrading: 'both',
    upperFundingRate: '0.005',
    lowerFundingRate: '-0.005',
    isPreListing: false,
    preListingInfo: null,
    riskParameters: { priceLimitRatioX: '0.01', priceLimitRatioY: '0.02' },
    displayName: '',
  };
}
