import { MirrorInbox } from './mirror-inbox';
import type { WireEvent } from './protocol';

/** A batch of 'u' events for the named symbols (the inbox does not read the events). */
const batch = (...symbols: string[]): WireEvent[] => symbols.map((s) => ['u', s]);

function setup(budgetMs = 10, costMs = 0) {
  let now = 0;
  let open = true;
  const applied: string[] = [];
  const turns: Array<() => void> = [];
  const inbox = new MirrorInbox({
    budgetMs,
    apply: (e) => {
      applied.push(e[1]);
      now += costMs;
    },
    open: () => open,
    schedule: (fn) => turns.push(fn),
    now: () => now,
    settle: () => {
      applied.push('|');
      return Promise.resolve();
    },
  });
  /** Ends the turn: runs what was scheduled for its end (and lets a slice's awaits settle). */
  const endTurn = async (): Promise<void> => {
    for (const fn of turns.splice(0)) fn();
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  return {
    inbox,
    applied,
    endTurn,
    turnsWaiting: () => turns.length,
    close: () => (open = false),
  };
}

describe('MirrorInbox (workers batches on the main thread)', () => {
  it('applies batches after the poll that brought them, in order, engines between batches', async () => {
    const { inbox, applied, endTurn } = setup();
    inbox.offer(batch('A', 'B'), null);
    inbox.offer(batch('C'), null);
    expect(applied).toEqual([]);
    expect(inbox.waiting).toBe(2);
    await endTurn();
    // the engines A and B woke run before C is applied
    expect(applied).toEqual(['A', 'B', '|', 'C', '|']);
    expect(inbox.waiting).toBe(0);
  });

  it('cuts a slice at the budget inside a batch and resumes where it stopped, next turn', async () => {
    const { inbox, applied, endTurn } = setup(10, 4);
    inbox.offer(batch('A', 'B', 'C', 'D'), null);
    inbox.offer(batch('E'), null);
    await endTurn(); // A, B, C: 12 ms, the slice is spent
    expect(applied).toEqual(['A', 'B', 'C']);
    expect(inbox.waiting).toBe(2);
    await endTurn();
    expect(applied).toEqual(['A', 'B', 'C', 'D', '|', 'E', '|']);
    expect(inbox.waiting).toBe(0);
  });

  it('keeps order: a batch that arrives while others wait goes behind them', async () => {
    const { inbox, applied, endTurn } = setup(10, 4);
    inbox.offer(batch('A', 'B', 'C', 'D'), null);
    await endTurn(); // A, B, C; D waits
    inbox.offer(batch('E'), null);
    await endTurn();
    expect(applied).toEqual(['A', 'B', 'C', 'D', '|', 'E', '|']);
  });

  it('schedules one slice at a time', async () => {
    const { inbox, applied, endTurn, turnsWaiting } = setup();
    inbox.offer(batch('A'), null);
    inbox.offer(batch('B'), null);
    expect(turnsWaiting()).toBe(1);
    await endTurn();
    expect(applied).toEqual(['A', '|', 'B', '|']);
    expect(turnsWaiting()).toBe(0);
  });

  it('applies nothing once the hub is closed, not even what waits', async () => {
    const { inbox, applied, endTurn, close } = setup(10);
    inbox.offer(batch('A'), null);
    close();
    inbox.offer(batch('B'), null);
    await endTurn();
    expect(applied).toEqual([]);
    expect(inbox.waiting).toBe(1);
  });
});
