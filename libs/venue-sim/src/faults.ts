import { Clock, TimerHandle } from '@flotilla/core';

export const PUBLIC_FAULT_TYPES = ['drop', 'stall', 'refuse', 'garbage', 'gap'] as const;
/** Faults of the private side (REST and the private stream); see private/private-faults.ts. */
export const PRIVATE_FAULT_TYPES = [
  'latency',
  'timeout-after-accept',
  'reject',
  'rate-limit',
  'server-error',
  'private-drop',
  'stop-reject',
] as const;
export const FAULT_TYPES = [...PUBLIC_FAULT_TYPES, ...PRIVATE_FAULT_TYPES] as const;
export type FaultType = (typeof FAULT_TYPES)[number];
export type PrivateFaultType = (typeof PRIVATE_FAULT_TYPES)[number];

export interface FaultRequest {
  readonly type: FaultType;
  /** Limit the fault to one symbol (its stream, or its stops for stop-reject); all when absent. */
  readonly symbol?: string;
  readonly durationMs?: number;
  /** latency: milliseconds added before each private REST answer. */
  readonly latencyMs?: number;
  /** timeout-after-accept, reject: the share of order creates hit, in (0, 1]. */
  readonly share?: number;
  /** reject: the retCode the hit creates are answered with. */
  readonly retCode?: number;
  /** rate-limit, server-error: how many private calls are hit; stop-reject: how many stops. */
  readonly count?: number;
  /** server-error: the HTTP status, 500..599 (default 503). */
  readonly status?: number;
}

export interface ActiveFault {
  readonly id: number;
  readonly type: 'stall' | 'refuse' | 'garbage';
  readonly symbol: string | null;
  readonly startedAtMs: number;
  readonly untilMs: number;
}

const MAX_DURATION_MS = 60 * 60 * 1000;
const MAX_LATENCY_MS = 60_000;
const MAX_COUNT = 1_000_000;
const KEYS = new Set([
  'type',
  'symbol',
  'durationMs',
  'latencyMs',
  'share',
  'retCode',
  'count',
  'status',
]);
const TIMED: ReadonlySet<FaultType> = new Set([
  'stall',
  'refuse',
  'garbage',
  'latency',
  'timeout-after-accept',
  'reject',
  'stop-reject',
]);
/** The private fields each private fault takes; any other private field is refused. */
const PRIVATE_FIELDS: Readonly<Record<string, readonly FaultType[]>> = {
  latencyMs: ['latency'],
  share: ['timeout-after-accept', 'reject'],
  retCode: ['reject'],
  count: ['rate-limit', 'server-error', 'stop-reject'],
  status: ['server-error'],
};
const SYMBOL_SCOPED: ReadonlySet<FaultType> = new Set([
  'drop',
  'stall',
  'garbage',
  'gap',
  'stop-reject',
]);

export class FaultValidationError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'FaultValidationError';
  }
}

/** Validates an admin fault request; the error names the offending field. */
export function parseFaultRequest(
  body: unknown,
  isKnownSymbol: (s: string) => boolean,
): FaultRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new FaultValidationError('body', 'expected a JSON object');
  }
  const record = body as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!KEYS.has(key)) throw new FaultValidationError(key, 'unknown field');
  }
  const type = record.type;
  if (typeof type !== 'string' || !(FAULT_TYPES as readonly string[]).includes(type)) {
    throw new FaultValidationError('type', `must be one of ${FAULT_TYPES.join(', ')}`);
  }
  const faultType = type as FaultType;
  const out: { -readonly [K in keyof FaultRequest]: FaultRequest[K] } = { type: faultType };
  if (record.symbol !== undefined) {
    if (typeof record.symbol !== 'string' || !isKnownSymbol(record.symbol)) {
      throw new FaultValidationError('symbol', `unknown symbol ${JSON.stringify(record.symbol)}`);
    }
    if (!SYMBOL_SCOPED.has(faultType)) {
      throw new FaultValidationError('symbol', `not applicable to ${faultType}`);
    }
    out.symbol = record.symbol;
  }
  if (record.durationMs !== undefined) {
    const d = record.durationMs;
    if (typeof d !== 'number' || !Number.isInteger(d) || d <= 0 || d > MAX_DURATION_MS) {
      throw new FaultValidationError('durationMs', `must be an integer in [1, ${MAX_DURATION_MS}]`);
    }
    if (!TIMED.has(faultType)) {
      throw new FaultValidationError('durationMs', `not applicable to ${faultType}`);
    }
    out.durationMs = d;
  }
  parsePrivateFields(record, out);
  return out;
}

function parsePrivateFields(
  record: Record<string, unknown>,
  out: { -readonly [K in keyof FaultRequest]: FaultRequest[K] },
): void {
  for (const [field, types] of Object.entries(PRIVATE_FIELDS)) {
    if (record[field] !== undefined && !types.includes(out.type)) {
      throw new FaultValidationError(field, `not applicable to ${out.type}`);
    }
  }
  const int = (field: string, min: number, max: number): number | undefined => {
    const v = record[field];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new FaultValidationError(field, `must be an integer in [${min}, ${max}]`);
    }
    return v;
  };
  out.latencyMs = int('latencyMs', 1, MAX_LATENCY_MS);
  if (out.type === 'latency' && out.latencyMs === undefined) {
    throw new FaultValidationError('latencyMs', 'required for latency');
  }
  out.retCode = int('retCode', 1, 999_999);
  if (out.type === 'reject' && out.retCode === undefined) {
    throw new FaultValidationError('retCode', 'required for reject');
  }
  out.count = int('count', 1, MAX_COUNT);
  out.status = int('status', 500, 599);
  if (record.share !== undefined) {
    const v = record.share;
    if (typeof v !== 'number' || !(v > 0 && v <= 1)) {
      throw new FaultValidationError('share', 'must be a number in (0, 1]');
    }
    out.share = v;
  }
  for (const field of ['latencyMs', 'retCode', 'count', 'status'] as const) {
    if (out[field] === undefined) delete out[field];
  }
}

/** Timed faults in force; they expire on the injected clock. */
export class FaultBoard {
  private readonly active = new Map<number, { fault: ActiveFault; timer: TimerHandle }>();
  private nextId = 1;

  constructor(
    private readonly clock: Clock,
    private readonly onExpire: (fault: ActiveFault) => void,
  ) {}

  add(type: ActiveFault['type'], symbol: string | null, durationMs: number): ActiveFault {
    const id = this.nextId++;
    const startedAtMs = this.clock.now();
    const fault: ActiveFault = { id, type, symbol, startedAtMs, untilMs: startedAtMs + durationMs };
    const timer = this.clock.setTimeout(() => {
      this.active.delete(id);
      this.onExpire(fault);
    }, durationMs);
    this.active.set(id, { fault, timer });
    return fault;
  }

  list(): ActiveFault[] {
    return [...this.active.values()].map((a) => a.fault);
  }

  /** True when a fault of this type covers the symbol (null symbol: the whole venue). */
  covers(type: ActiveFault['type'], symbol: string | null): boolean {
    for (const { fault } of this.active.values()) {
      if (fault.type === type && (fault.symbol === null || fault.symbol === symbol)) return true;
    }
    return false;
  }

  has(type: ActiveFault['type']): boolean {
    for (const { fault } of this.active.values()) if (fault.type === type) return true;
    return false;
  }

  clear(): void {
    for (const { timer } of this.active.values()) timer.cancel();
    this.active.clear();
  }
}
