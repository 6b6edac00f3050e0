import { batchedMicrotasks } from './microtask-batch';

/** A microtask queue the test runs by hand. */
function manualQueue() {
  const tasks: Array<() => void> = [];
  return {
    tasks,
    queue: (fn: () => void) => void tasks.push(fn),
    runOne: () => tasks.shift()?.(),
  };
}

describe('batchedMicrotasks', () => {
  it('runs every callback queued before the batch in one microtask, in order', () => {
    const q = manualQueue();
    const schedule = batchedMicrotasks(q.queue);
    const ran: number[] = [];
    for (let i = 0; i < 5; i++) schedule(() => ran.push(i));
    expect(q.tasks).toHaveLength(1);
    q.runOne();
    expect(ran).toEqual([0, 1, 2, 3, 4]);
    expect(q.tasks).toHaveLength(0);
  });

  it('a callback queued while a batch runs goes to the next batch', () => {
    const q = manualQueue();
    const schedule = batchedMicrotasks(q.queue);
    const ran: string[] = [];
    schedule(() => {
      ran.push('a');
      schedule(() => ran.push('c'));
    });
    schedule(() => ran.push('b'));
    q.runOne();
    expect(ran).toEqual(['a', 'b']);
    expect(q.tasks).toHaveLength(1);
    q.runOne();
    expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('a callback that throws does not stop the rest; its error escapes from its own microtask', () => {
    const q = manualQueue();
    const schedule = batchedMicrotasks(q.queue);
    const ran: string[] = [];
    schedule(() => {
      throw new Error('boom');
    });
    schedule(() => ran.push('after'));
    q.runOne();
    expect(ran).toEqual(['after']);
    expect(q.tasks).toHaveLength(1);
    expect(() => q.runOne()).toThrow('boom');
  });

  it('with the real microtask queue, runs before the next macrotask', async () => {
    const schedule = batchedMicrotasks();
    const order: string[] = [];
    const done = new Promise<void>((resolve) =>
      setImmediate(() => resolve(void order.push('immediate'))),
    );
    schedule(() => order.push('first'));
    schedule(() => order.push('second'));
    await done;
    expect(order).toEqual(['first', 'second', 'immediate']);
  });
});
