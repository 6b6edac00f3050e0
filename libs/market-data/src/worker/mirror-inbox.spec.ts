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
    advance: (ms: number) => (now += ms),
    close: () => (open = false),
  };
}

describe('MirrorInbox (workers batches on the main thread)', () => {
  it('applies a batch in its own callback while the turn has budget and nothing waits', () => {
    const { inbox, applied } = setup();
    inbox.offer(batch('A', 'B'), null);
    inbox.offer(batch('C'), null);
    expect(applied).toEqual(['A', 'B', 'C']);
    expect(inbox.waiting).toBe(0);
  });

  it('queues once the turn has spent its budget, and applies the queue in order next turn', async () => {
    const { inbox, applied, advance, endTurn } = setup(10);
    inbox.offer(batch('A'), null);
    advance(11);
    inbox.offer(batch('B'), null);
    inbox.offer(batch('C'), null);
    expect(applied).toEqual(['A']);
    expect(inbox.waiting).toBe(2);
    await endTurn();
    // the engines B woke run before C is applied
    expect(applied).toEqual(['A', 'B', '|', 'C', '|']);
    expect(inbox.waiting).toBe(0);
  });

  it('keeps order: a batch that arrives while others wait goes behind them, even with budget', async () => {
    const { inbox, applied, endTurn } = setup(10, 4);
    inbox.offer(batch('A', 'B', 'C'), null); // inline: the turn's budget is spent
    inbox.offer(batch('D', 'E', 'F', 'G'), null);
    await endTurn(); // slice: D, E, F; G still waits
    inbox.offer(batch('H'), null); // a new turn with budget, but G is older
    expect(applied).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    await endTurn();
    expect(applied).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', '|', 'H', '|']);
  });

  it('cuts a slice at the budget inside a batch and resumes where it stopped', async () => {
    const { inbox, applied, endTurn } = setup(10, 4);
    inbox.offer(batch('A', 'B', 'C'), null); // inline: 12 ms of work, the turn is spent
    inbox.offer(batch('D', 'E', 'F', 'G'), null);
    expect(applied).toEqual(['A', 'B', 'C']);
    await endTurn(); // slice: D, E, F (12 ms), then G waits a turn
    expect(applied).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    expect(inbox.waiting).toBe(1);
    await endTurn();
    expect(applied).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', '|']);
  });

  it('applies nothing once the hub is closed', async () => {
    const { inbox, applied, advance, endTurn, close } = setup(10);
    inbox.offer(batch('A'), null);
    advance(11);
    inbox.offer(batch('B'), null);
    close();
    inbox.offer(batch('C'), null);
    await endTurn();
    expect(applied).toEqual(['A']);
  });
});
