import { ManualClock } from '@flotilla/core';
import { parseLimitHeaders, parseRetryAfterMs, RequestBudget } from './request-budget';

describe('RequestBudget', () => {
  const setup = () => {
    const clock = new ManualClock();
    const budget = new RequestBudget({ clock, reserveFraction: 0.3 });
    return { clock, budget };
  };

  it('lets everything through before the venue has reported a limit', () => {
    const { budget } = setup();
    expect(budget.admit('order/create', 'entry')).toEqual({ go: true });
  });

  it('sheds entries first when the allowance is short, and keeps the rest for protective calls', () => {
    const { clock, budget } = setup();
    budget.observe('order/create', { limit: 10, remaining: 5, resetAtMs: clock.now() });
    // reserve is 3 of 10: entries may take 5 -> 3, then only protective calls go
    expect(budget.admit('order/create', 'entry').go).toBe(true);
    expect(budget.admit('order/create', 'entry').go).toBe(true);
    expect(budget.admit('order/create', 'entry').go).toBe(false);
    expect(budget.admit('order/create', 'protective').go).toBe(true);
    expect(budget.admit('order/create', 'protective').go).toBe(true);
    expect(budget.admit('order/create', 'protective').go).toBe(true);
    const last = budget.admit('order/create', 'protective');
    expect(last).toEqual({ go: false, waitMs: 1000 });
    expect(budget.inUse()).toBe(10);
  });

  it('waits for the reset the venue announced, then the window is open again', () => {
    const { clock, budget } = setup();
    budget.observe('order/cancel', { limit: 10, remaining: 0, resetAtMs: clock.now() + 2500 });
    expect(budget.admit('order/cancel', 'protective')).toEqual({ go: false, waitMs: 2500 });
    clock.advance(2500);
    expect(budget.admit('order/cancel', 'protective').go).toBe(true);
    expect(budget.inUse()).toBe(1);
  });

  it('after the window rolls, admits up to the known limit, not without bound', () => {
    const { clock, budget } = setup();
    budget.observe('order/create', { limit: 10, remaining: 9, resetAtMs: clock.now() });
    clock.advance(1000);
    const admitted = Array.from({ length: 20 }, () => budget.admit('order/create', 'protective'));
    expect(admitted.filter((a) => a.go)).toHaveLength(10);
  });

  it('counts what is in flight until its answer arrives, then takes the venue’s figure', () => {
    const { clock, budget } = setup();
    budget.observe('order/create', { limit: 10, remaining: 9, resetAtMs: clock.now() });
    for (let i = 0; i < 5; i++) budget.admit('order/create', 'protective');
    expect(budget.inUse()).toBe(6);
    for (let i = 0; i < 5; i++) budget.release('order/create');
    budget.observe('order/create', { limit: 10, remaining: 4, resetAtMs: clock.now() });
    expect(budget.inUse()).toBe(6);
    budget.release('order/create'); // never below zero in flight
    expect(budget.inUse()).toBe(6);
  });

  it('keeps endpoints apart: a spent create limit does not stop cancels', () => {
    const { clock, budget } = setup();
    budget.observe('order/create', { limit: 10, remaining: 0, resetAtMs: clock.now() });
    expect(budget.admit('order/cancel', 'protective').go).toBe(true);
  });

  it("parses ccxt's capitalised header keys and ignores answers without them", () => {
    expect(
      parseLimitHeaders({
        'X-Bapi-Limit': '10',
        'X-Bapi-Limit-Status': '9',
        'X-Bapi-Limit-Reset-Timestamp': '1700000000000',
      }),
    ).toEqual({ limit: 10, remaining: 9, resetAtMs: 1700000000000 });
    expect(parseLimitHeaders({ 'Content-Type': 'application/json' })).toBeUndefined();
  });

  it('honours Retry-After: nothing goes until the pause ends, then the endpoints resume', () => {
    const { clock, budget } = setup();
    budget.pause(2000);
    expect(budget.admit('order/cancel', 'protective')).toEqual({ go: false, waitMs: 2000 });
    expect(budget.admit('order/create', 'entry').go).toBe(false);
    clock.advance(2000);
    expect(budget.admit('order/cancel', 'protective').go).toBe(true);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(parseRetryAfterMs({ 'Retry-After': '3' }, now)).toBe(3000);
    expect(parseRetryAfterMs({ 'retry-after': new Date(now + 1500).toUTCString() }, now)).toBe(
      1000,
    );
    expect(parseRetryAfterMs({}, now)).toBeUndefined();
  });
});
