import { jsonDeeperThan } from './json-body';

describe('jsonDeeperThan', () => {
  const objects = (levels: number): unknown => {
    let v: unknown = 1;
    for (let i = 0; i < levels; i++) v = { a: v };
    return v;
  };
  const arrays = (levels: number): unknown => {
    let v: unknown = [];
    for (let i = 1; i < levels; i++) v = [v];
    return v;
  };

  it('counts each object or array as a level; scalars are none', () => {
    expect(jsonDeeperThan(objects(32), 32)).toBe(false);
    expect(jsonDeeperThan(objects(33), 32)).toBe(true);
    expect(jsonDeeperThan(arrays(32), 32)).toBe(false);
    expect(jsonDeeperThan(arrays(33), 32)).toBe(true);
    expect(jsonDeeperThan('text', 0)).toBe(false);
    expect(jsonDeeperThan(null, 0)).toBe(false);
  });

  it('finds a deep branch beside shallow ones', () => {
    expect(jsonDeeperThan({ a: 1, b: [1, 2], c: { d: objects(31) } }, 32)).toBe(true);
    expect(jsonDeeperThan({ a: 1, b: [1, 2], c: { d: objects(30) } }, 32)).toBe(false);
  });

  it('walks 100,000 levels without growing the call stack', () => {
    expect(jsonDeeperThan(objects(100_000), 32)).toBe(true);
  });
});
