import { Decimal } from '@flotilla/core';
import { Account } from './account';
import { SimExecution, SimOrder, SimPosition } from './types';

export const SNAPSHOT_VERSION = 1;

type Wire<T> = {
  [K in keyof T]: T[K] extends Decimal
    ? string
    : T[K] extends Decimal | null
      ? string | null
      : T[K];
};

export interface AccountSnapshot {
  readonly key: string;
  readonly secret: string;
  /** The starting deposit, as configured. */
  readonly usdt: string;
  readonly walletBalance: string;
  readonly cumRealisedPnl: string;
  readonly updatedTime: number;
  readonly orders: Wire<SimOrder>[];
  readonly positions: Wire<SimPosition>[];
  readonly executions: Wire<SimExecution>[];
}

/** Everything the venue must keep across a restart; plain JSON, money as decimal strings. */
export interface ExchangeSnapshot {
  readonly version: typeof SNAPSHOT_VERSION;
  readonly seed: number;
  readonly orderIdCounter: number;
  readonly execIdCounter: number;
  readonly execSeq: number;
  readonly accounts: AccountSnapshot[];
}

function toWire<T extends object>(record: T): Wire<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) out[k] = v instanceof Decimal ? v.toFixed() : v;
  return out as Wire<T>;
}

/** Fields that hold money or quantities, per record kind; everything else is copied as is. */
const DECIMALS = {
  order: [
    'price',
    'qty',
    'cumExecQty',
    'cumExecValue',
    'cumExecFee',
    'closedPnl',
    'triggerPrice',
    'takeProfit',
    'stopLoss',
    'lastPriceOnCreated',
  ],
  position: [
    'size',
    'avgPrice',
    'leverage',
    'cumRealisedPnl',
    'curRealisedPnl',
    'takeProfit',
    'stopLoss',
    'trailingStop',
    'activePrice',
    'trailPeak',
  ],
  execution: [
    'orderPrice',
    'orderQty',
    'leavesQty',
    'execPrice',
    'execQty',
    'execValue',
    'execFee',
    'feeRate',
    'execPnl',
    'closedSize',
    'markPrice',
  ],
} as const;

function fromWire<T>(wire: object, fields: readonly string[]): T {
  const out: Record<string, unknown> = { ...wire };
  for (const f of fields) {
    const v = out[f];
    if (typeof v === 'string') out[f] = new Decimal(v);
    else if (v !== null) throw new TypeError(`snapshot: ${f} must be a decimal string or null`);
  }
  return out as T;
}

export function snapshotOf(
  seed: number,
  accounts: readonly Account[],
  orderIdCounter: number,
  execIdCounter: number,
  execSeq: number,
): ExchangeSnapshot {
  return {
    version: SNAPSHOT_VERSION,
    seed,
    orderIdCounter,
    execIdCounter,
    execSeq,
    accounts: accounts.map((a) => ({
      key: a.spec.key,
      secret: a.spec.secret,
      usdt: a.spec.usdt,
      walletBalance: a.walletBalance.toFixed(),
      cumRealisedPnl: a.cumRealisedPnl.toFixed(),
      updatedTime: a.updatedTime,
      orders: [...a.orders.values()].map(toWire),
      positions: [...a.positions.values()].map(toWire),
      executions: a.executions.map(toWire),
    })),
  };
}

export function restoreAccounts(snapshot: ExchangeSnapshot): Account[] {
  const version: unknown = snapshot.version;
  if (version !== SNAPSHOT_VERSION) {
    throw new RangeError(`snapshot version ${String(version)} is not ${SNAPSHOT_VERSION}`);
  }
  return snapshot.accounts.map((s) => {
    const account = new Account({ key: s.key, secret: s.secret, usdt: s.usdt }, s.updatedTime);
    account.walletBalance = new Decimal(s.walletBalance);
    account.cumRealisedPnl = new Decimal(s.cumRealisedPnl);
    for (const o of s.orders) account.addOrder(fromWire<SimOrder>(o, DECIMALS.order));
    for (const p of s.positions) {
      const position = fromWire<SimPosition>(p, DECIMALS.position);
      account.positions.set(position.symbol, position);
    }
    account.executions = s.executions.map((e) => fromWire<SimExecution>(e, DECIMALS.execution));
    return account;
  });
}
