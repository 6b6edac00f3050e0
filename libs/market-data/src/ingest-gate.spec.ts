import type WebSocket from 'ws';
import { ManualClock } from '@flotilla/core';
import { IngestGate, type Arrival, type IngestSink } from './ingest-gate';
import { IngestProbe } from './ingest-probe';

/** A connection whose parsing of a frame costs `costMs` on the manual clock. */
class CostlySink implements IngestSink {
  readonly processed: Array<{ text: string; arrival: Arrival; atMono: number }> = [];
  paused = false;
  constructor(
    readonly id: number,
    private readonly clock: ManualClock,
    private readonly costMs: number,
  ) {}
  process(data: WebSocket.RawData, arrival: Arrival): void {
    this.processed.push({
      text: (data as Buffer).toString(),
      arrival,
      atMono: this.clock.monotonicMs(),
    });
    this.clock.advance(this.costMs);
  }
  pauseReading(): void {
    this.paused = true;
  }
  resumeReading(): void {
    this.paused = false;
  }
}

function setup(opts: { budgetMs?: number; maxQueuedFrames?: number; costMs?: number } = {}) {
  const clock = new ManualClock();
  const probe = new IngestProbe();
  const turns: Array<() => void> = [];
  const slices: string[] = [];
  const gate = new IngestGate(
    clock,
    probe,
    { begin: () => slices.push('begin'), end: () => slices.push('end') },
    {
      budgetMs: opts.budgetMs ?? 4,
      maxQueuedFrames: opts.maxQueuedFrames,
      yieldTurn: (fn) => turns.push(fn),
    },
  );
  const sink = new CostlySink(1, clock, opts.costMs ?? 1);
  gate.add(sink);
  const offer = (...texts: string[]): void => {
    for (const t of texts) gate.offer(sink, Buffer.from(t));
  };
  /** One turn of the event loop: the gate's scheduled callback runs. */
  const turn = (): void => {
    const next = turns.shift();
    if (!next) throw new Error('no turn scheduled');
    next();
  };
  const names = (): string[] => sink.processed.map((p) => p.text);
  return { clock, probe, gate, sink, offer, turn, turns, slices, names };
}

const frames = (n: number, from = 0): string[] =>
  Array.from({ length: n }, (_, i) => `f${from + i}`);

describe('IngestGate (bounded turns, ManualClock, injected yieldTurn)', () => {
  it('parses frames as they arrive while the turn has budget, then queues the rest', () => {
    const { offer, names, gate, turns } = setup({ budgetMs: 4, costMs: 1 });
    offer(...frames(10));
    // 0, 1, 2, 3 ms into the turn: parsed at once; at 4 ms the budget is spent.
    expect(names()).toEqual(frames(4));
    expect(gate.pending).toBe(6);
    expect(turns).toHaveLength(1);
  });

  it('drains a backlog one budgeted slice per turn, in arrival order, each slice bracketed', () => {
    const { offer, names, gate, turn, slices } = setup({ budgetMs: 4, costMs: 1 });
    offer(...frames(10));
    turn();
    expect(names()).toEqual(frames(8));
    expect(slices).toEqual(['begin', 'end']);
    expect(gate.pending).toBe(2);
    turn();
    expect(names()).toEqual(frames(10));
    expect(gate.pending).toBe(0);
    expect(slices).toEqual(['begin', 'end', 'begin', 'end']);
  });

  it('a frame that arrives while a backlog waits queues behind it (order is kept)', () => {
    const { offer, names, turn } = setup({ budgetMs: 4, costMs: 1 });
    offer(...frames(6));
    turn(); // drains f4, f5 in a slice
    offer('late');
    expect(names()).toEqual([...frames(6), 'late']);
  });

  it('an old backlog gets longer slices (budget + an eighth of the oldest wait, at most maxSliceMs)', () => {
    const { offer, names, turn, clock, gate } = setup({ budgetMs: 4, costMs: 1 });
    offer(...frames(40)); // 4 parsed, 36 queued
    clock.advance(100); // the loop was away 100 ms
    turn();
    expect(names()).toHaveLength(4 + 12);
    expect(gate.pending).toBe(24);
  });

  it('a frame costlier than the budget still progresses: one frame per slice at least', () => {
    const { offer, names, turn } = setup({ budgetMs: 4, costMs: 10 });
    offer(...frames(3));
    expect(names()).toEqual(['f0']);
    turn();
    expect(names()).toEqual(['f0', 'f1']);
    turn();
    expect(names()).toEqual(['f0', 'f1', 'f2']);
  });

  it('stamps each frame with its arrival, so a queued frame carries its wait', () => {
    const { offer, sink, turn, probe, clock } = setup({ budgetMs: 4, costMs: 1 });
    const t0 = clock.monotonicMs();
    offer(...frames(5));
    clock.advance(20); // the loop was busy elsewhere before the next turn
    turn();
    const last = sink.processed[4];
    expect(last.arrival.mono - t0).toBe(4);
    expect(last.atMono - t0).toBe(24);
    const report = probe.snapshot();
    expect(report.queuedFrames).toBe(1);
    expect(report.queueWaitMs.max).toBe(20);
  });

  it('a budget of 0 parses everything as it arrives (the behaviour before)', () => {
    const { offer, names, gate } = setup({ budgetMs: 0, costMs: 5 });
    offer(...frames(50));
    expect(names()).toHaveLength(50);
    expect(gate.pending).toBe(0);
  });

  it('pauses the sockets when the queue reaches its bound and resumes at half', () => {
    const { offer, sink, gate, turn, probe } = setup({
      budgetMs: 4,
      costMs: 1,
      maxQueuedFrames: 10,
    });
    offer(...frames(13)); // 4 parsed, 9 queued
    expect(sink.paused).toBe(false);
    offer('x'); // 10 queued
    expect(sink.paused).toBe(true);
    expect(probe.snapshot().pauses).toBe(1);
    turn(); // 4 drained: 6 left, above half
    expect(sink.paused).toBe(true);
    expect(gate.pending).toBe(6);
    turn(); // 4 more: 2 left
    expect(sink.paused).toBe(false);
  });

  it('records read bursts: frames per turn, and the loop gap before them', () => {
    const { offer, turn, probe, clock } = setup({ budgetMs: 100, costMs: 0 });
    offer(...frames(3));
    turn();
    clock.advance(250);
    offer(...frames(7));
    turn();
    const report = probe.snapshot();
    expect(report.bursts).toBe(2);
    expect(report.worstBursts.map((b) => [b.frames, b.loopGapMs])).toEqual([
      [7, 250],
      [3, 0],
    ]);
    const w = probe.takeWindow();
    expect(w).toMatchObject({ frames: 10, bursts: 2, maxBurstFrames: 7, maxBurstLoopGapMs: 250 });
    expect(probe.takeWindow()).toMatchObject({ frames: 0, maxBurstFrames: 0 });
  });

  it('after close nothing is parsed, queued or scheduled', () => {
    const { offer, names, gate, turns } = setup({ budgetMs: 4, costMs: 1 });
    gate.close();
    offer(...frames(3));
    expect(names()).toEqual([]);
    expect(turns).toHaveLength(0);
  });
});
