import {
  applyPatch,
  canonicalJson,
  mergePatches,
  newRecord,
  patchProblem,
  recordProblem,
} from './record';

describe('registry records', () => {
  const t0 = '2026-01-01T00:00:00.000Z';

  it('applies a patch over defaults and bumps version', () => {
    const next = applyPatch(
      newRecord('BTCUSDT', t0),
      { desiredState: 'running' },
      '2026-01-01T00:00:01.000Z',
    );
    expect(next).toMatchObject({ desiredState: 'running', observedState: 'stopped', version: 1 });
    expect(next.createdAt).toBe(t0);
    expect(next.updatedAt).toBe('2026-01-01T00:00:01.000Z');
  });

  it('ignores undefined fields when merging patches', () => {
    expect(
      mergePatches({ desiredState: 'running' }, { desiredState: undefined, health: null }),
    ).toEqual({
      desiredState: 'running',
      health: null,
    });
  });

  it('accepts a well-formed record and names what is wrong with a bad one', () => {
    const record = applyPatch(newRecord('BTCUSDT', t0), {}, t0);
    expect(recordProblem(record, 'BTCUSDT')).toBeNull();
    expect(recordProblem(record, 'ETHUSDT')).toContain('symbol is "BTCUSDT"');
    expect(recordProblem({ ...record, version: -1 }, 'BTCUSDT')).toContain('version');
    expect(recordProblem({ ...record, restartHistory: ['soon'] }, 'BTCUSDT')).toContain(
      'restartHistory',
    );
  });

  it('compares JSON content regardless of key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(
      canonicalJson({ a: { c: 3, d: 2 }, b: 1 }),
    );
  });

  it('stores restart times in millisecond UTC ISO form whatever form they came in', () => {
    const next = applyPatch(
      newRecord('BTCUSDT', t0),
      { restartHistory: ['2026-01-01T01:00:00+01:00'] },
      t0,
    );
    expect(next.restartHistory).toEqual(['2026-01-01T00:00:00.000Z']);
  });

  it('accepts the patches the port allows and names what is wrong with others', () => {
    expect(patchProblem({})).toBeNull();
    expect(
      patchProblem({
        desiredState: 'running',
        health: null,
        configOverrides: {},
        restartHistory: [t0],
      }),
    ).toBeNull();
    expect(patchProblem([])).toBe('is not an object');
    expect(patchProblem({ version: 3 })).toBe('has unknown field "version"');
    expect(patchProblem({ observedState: 'flying' })).toContain('observedState "flying"');
    expect(patchProblem({ health: { eventsProcessed: '7' } })).toContain('health');
    expect(patchProblem({ configOverrides: 'x' })).toContain('configOverrides');
    expect(patchProblem({ restartHistory: ['soon'] })).toContain('restartHistory');
  });
});
