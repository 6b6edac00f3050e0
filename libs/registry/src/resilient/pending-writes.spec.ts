import { combineWrites, PendingWrites } from './pending-writes';

describe('PendingWrites', () => {
  it('merges patches field by field, later fields winning', () => {
    const pending = new PendingWrites();
    pending.add('BTCUSDT', {
      remove: false,
      patch: { desiredState: 'running', observedState: 'starting' },
    });
    pending.add('BTCUSDT', { remove: false, patch: { observedState: 'running' } });
    expect(pending.size).toBe(1);
    expect(pending.take('BTCUSDT')).toEqual({
      remove: false,
      patch: { desiredState: 'running', observedState: 'running' },
    });
    expect(pending.size).toBe(0);
  });

  it('lets a removal discard earlier patches and keeps a later re-creation', () => {
    const removed = combineWrites(
      { remove: false, patch: { desiredState: 'running' } },
      { remove: true, patch: null },
    );
    expect(removed).toEqual({ remove: true, patch: null });
    expect(combineWrites(removed, { remove: false, patch: { observedState: 'paused' } })).toEqual({
      remove: true,
      patch: { observedState: 'paused' },
    });
  });

  it('restores a failed write underneath newer ones', () => {
    const pending = new PendingWrites();
    pending.add('BTCUSDT', { remove: false, patch: { observedState: 'crashed' } });
    pending.restore('BTCUSDT', {
      remove: false,
      patch: { observedState: 'running', desiredState: 'running' },
    });
    expect(pending.take('BTCUSDT')).toEqual({
      remove: false,
      patch: { observedState: 'crashed', desiredState: 'running' },
    });
  });
});
