import { lateByMs } from './late-by';

describe('lateByMs (event-loop delay from monitorEventLoopDelay)', () => {
  it('is what exceeds the timer period, never below zero', () => {
    expect(lateByMs(20e6, 20)).toBe(0);
    expect(lateByMs(19.2e6, 20)).toBe(0);
    expect(lateByMs(57.5e6, 20)).toBeCloseTo(37.5, 9);
  });
});
