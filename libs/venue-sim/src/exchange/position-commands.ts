import { Decimal } from '@flotilla/core';
import { Market } from '../market';
import { Account } from './account';
import { refuse, RET } from './errors';
import { lastPrice, MatchContext } from './matching';
import { checkPrice, checkTpSl, decimalField, positionIdxField, stringField } from './rules';
import { RequestBody } from './types';

/** `position/set-leverage`: buy and sell leverage equal (one-way), 1..maxLeverage, 110043 if same. */
export function setLeverage(
  ctx: MatchContext,
  account: Account,
  market: Market,
  body: RequestBody,
): void {
  const buy = decimalField(body, 'buyLeverage');
  const sell = decimalField(body, 'sellLeverage') ?? buy;
  if (buy === null || sell === null || !buy.eq(sell)) {
    refuse(RET.PARAMS, 'params error: buyLeverage must equal sellLeverage in one-way mode');
  }
  if (buy.lt(1) || buy.gt(market.grid.spec.maxLeverage) || buy.decimalPlaces() > 2) {
    refuse(RET.PARAMS, `params error: leverage must be in [1, ${market.grid.spec.maxLeverage}]`);
  }
  const p = account.position(market.symbol, ctx.clock.now());
  if (p.leverage.eq(buy)) refuse(RET.LEVERAGE_UNCHANGED, 'leverage not modified');
  p.leverage = buy;
  p.updatedTime = ctx.clock.now();
  p.seq++;
}

/**
 * `position/trading-stop` (Full mode): takeProfit, stopLoss, trailingStop (+ activePrice); "0"
 * removes one. A long's stop loss must lie below the last price and its take profit above.
 */
export function tradingStop(
  ctx: MatchContext,
  account: Account,
  market: Market,
  body: RequestBody,
): void {
  positionIdxField(body);
  const mode = stringField(body, 'tpslMode') ?? 'Full';
  if (mode !== 'Full') refuse(RET.PARAMS, 'params error: only tpslMode Full is supported');
  const p = account.positions.get(market.symbol);
  if (!p || p.size.isZero()) refuse(RET.PARAMS, 'can not set tp/sl/ts for zero position');
  const spec = market.grid.spec;
  const tp = decimalField(body, 'takeProfit');
  const sl = decimalField(body, 'stopLoss');
  const trailing = decimalField(body, 'trailingStop');
  const active = decimalField(body, 'activePrice');
  for (const [name, v] of [
    ['takeProfit', tp],
    ['stopLoss', sl],
    ['trailingStop', trailing],
    ['activePrice', active],
  ] as const) {
    if (v !== null && !v.isZero()) checkPrice(spec, v, name);
  }
  const side = p.size.isPositive() ? 'Buy' : 'Sell';
  const last = lastPrice(market);
  checkTpSl(side, last, nonZero(tp), nonZero(sl));
  if (tp !== null) p.takeProfit = nonZero(tp);
  if (sl !== null) p.stopLoss = nonZero(sl);
  if (trailing !== null) {
    p.trailingStop = nonZero(trailing);
    p.activePrice = p.trailingStop === null ? null : nonZero(active);
    p.trailPeak = null;
  }
  p.updatedTime = ctx.clock.now();
  p.seq++;
}

/** `position/switch-mode`: the simulator is one-way only. */
export function switchMode(body: RequestBody): void {
  const mode = stringField(body, 'mode');
  if (mode === '0') refuse(RET.POSITION_MODE_UNCHANGED, 'Position mode is not modified');
  refuse(RET.PARAMS, 'params error: hedge mode is not supported by the simulator (one-way only)');
}

function nonZero(v: Decimal | null): Decimal | null {
  return v === null || v.isZero() ? null : v;
}
