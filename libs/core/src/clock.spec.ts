import { ManualClock } from './clock';

describe('ManualClock', () => {
  it('fires timers in due order only when advanced', () => {
    const clock = new ManualClock(0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b'), 200);
    clock.setTimeout(() => fired.push('a'), 100);
    const every = clock.setInterval(() => fired.push(`i${clock.now()}`), 150);
    clock.advance(99);
    expect(fired).toEqual([]);
    clock.advance(201);
    expect(fired).toEqual(['a', 'i150', 'b', 'i300']);
    every.cancel();
    clock.advance(1000);
    expect(fired).toHaveLength(4);
    expect(clock.now()).toBe(1300);
  });

  it('lets a cancelled timeout never fire', () => {
    const clock = new ManualClock(0);
    let fired = false;
    clock.setTimeout(() => (fired = true), 10).cancel();
    clock.advance(20);
    expect(fired).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });
});
