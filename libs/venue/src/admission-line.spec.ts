import { ManualClock } from '@flotilla/core';
import { AdmissionLine } from './admission-line';
import { BudgetShortError } from './classify';
import { RequestBudget } from './request-budget';

const LEVERAGE = 'position/set-leverage';

function setup(remaining: number, limit = 10) {
  const clock = new ManualClock();
  const budget = new RequestBudget({ clock });
  budget.observe(LEVERAGE, { limit, remaining, resetAtMs: clock.now() + 1000 });
  const line = new AdmissionLine(budget, clock);
  // The venue's side: one-second windows of `limit` calls, each answer reporting what is left.
  let windowEnds = clock.now() + 1000;
  let left = remaining;
  const answer = (): void => {
    while (clock.now() >= windowEnds) {
      windowEnds += 1000;
      left = limit;
    }
    left--;
    budget.observe(LEVERAGE, { limit, remaining: left, resetAtMs: windowEnds });
    budget.release(LEVERAGE);
  };
  const admitted: number[] = [];
  const enqueue = (n: number): Promise<void> =>
    line.admit(LEVERAGE, 'protective').then(() => {
      admitted.push(n);
      answer();
    });
  return { clock, budget, line, admitted, enqueue };
}

/** Lets the promise callbacks of the calls admitted so far run. */
const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('AdmissionLine', () => {
  it('lets calls go at once while the endpoint has allowance', async () => {
    const { line, admitted, enqueue } = setup(5);
    await Promise.all([enqueue(1), enqueue(2)]);
    expect(admitted).toEqual([1, 2]);
    expect(line.waiting).toBe(0);
  });

  it('holds the rest in arrival order behind one timer and lets a window of them go at each roll', async () => {
    const { clock, line, admitted, enqueue } = setup(2, 3);
    for (let n = 1; n <= 8; n++) void enqueue(n);
    await settle();
    expect(admitted).toEqual([1, 2]);
    expect(line.waiting).toBe(6);
    expect(clock.pendingTimers).toBe(1);

    clock.advance(1000);
    await settle();
    expect(admitted).toEqual([1, 2, 3, 4, 5]);
    expect(clock.pendingTimers).toBe(1);

    clock.advance(1000);
    await settle();
    expect(admitted).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(line.waiting).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('lets the next waiter go when a call in flight fails unanswered, before the window rolls', async () => {
    const { clock, budget, line } = setup(1);
    const order: string[] = [];
    // call A is admitted and in flight; the venue never counted it (a connection error)
    await line.admit(LEVERAGE, 'protective');
    void line.admit(LEVERAGE, 'protective').then(() => order.push('B'));
    await settle();
    expect(order).toEqual([]);
    budget.release(LEVERAGE);
    line.released(LEVERAGE);
    await settle();
    expect(order).toEqual(['B']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('sheds an entry while protective calls wait, even when the window has rolled before their timer ran', async () => {
    // the budget's time is past the roll; the line's timer has not run yet (a busy event loop)
    const budgetClock = new ManualClock();
    const timers = new ManualClock(budgetClock.now());
    const budget = new RequestBudget({ clock: budgetClock });
    budget.observe(LEVERAGE, { limit: 10, remaining: 0, resetAtMs: budgetClock.now() + 1000 });
    const line = new AdmissionLine(budget, timers);
    const order: string[] = [];
    void line.admit(LEVERAGE, 'protective').then(() => order.push('stop'));
    await settle();
    budgetClock.advance(1000);
    await expect(line.admit(LEVERAGE, 'entry')).rejects.toBeInstanceOf(BudgetShortError);
    expect(line.waiting).toBe(1);
    timers.advance(1000);
    await settle();
    expect(order).toEqual(['stop']);
  });

  it('sheds an entry at once when the budget is in its reserve, and queues nothing', async () => {
    const { clock, line } = setup(3);
    await expect(line.admit(LEVERAGE, 'entry')).rejects.toThrow(/set-leverage is short/);
    expect(line.waiting).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it("waits out the venue's Retry-After before anything on the endpoint goes", async () => {
    const { clock, budget, admitted, enqueue } = setup(5);
    budget.pause(3000);
    void enqueue(1);
    clock.advance(2999);
    await settle();
    expect(admitted).toEqual([]);
    clock.advance(1);
    await settle();
    expect(admitted).toEqual([1]);
  });

  it('keeps separate endpoints apart: a full one does not hold another', async () => {
    const { budget, line, admitted, enqueue } = setup(0);
    budget.observe('order/create', { limit: 10, remaining: 10, resetAtMs: 0 });
    void enqueue(1);
    await line.admit('order/create', 'protective');
    await settle();
    expect(admitted).toEqual([]);
    expect(line.waiting).toBe(1);
  });
});
