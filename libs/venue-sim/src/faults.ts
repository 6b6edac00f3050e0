import { Clock, TimerHandle } from '@flotilla/core';

export const FAULT_TYPES = ['drop', 'stall', 'refuse', 'garbage', 'gap'] as const;
export type FaultType = (typeof FAULT_TYPES)[number];

export interface FaultRequest {
  readonly type: FaultType;
  /** Limit the fault to one symbol's stream; all symbols when absent. */
  readonly symbol?: string;
  readonly durationMs?: number;
}

export interface ActiveFault {
  readonly id: number;
  readonly type: 'stall' | 'refuse' | 'garbage';
  readonly symbol: string | null;
  readonly startedAtMs: number;
  readonly untilMs: number;
}

const MAX_DURATION_MS = 60 * 60 * 1000;
const KEYS = new Set(['type', 'symbol', 'durationMs']);
const TIMED: ReadonlySet<FaultType> = new Set(['stall', 'refuse', 'garbage']);
const SYMBOL_SCOPED: ReadonlySet<FaultType> = new Set(['drop', 'stall', 'garbage', 'gap']);

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
  const out: { type: FaultType; symbol?: string; durationMs?: number } = { type: faultType };
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
  return out;
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
