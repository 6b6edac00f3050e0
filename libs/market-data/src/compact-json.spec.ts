import { parseCompactJson } from './compact-json';

/** Deep equality as JSON.parse's results can differ: own keys in order, prototypes, -0. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null)
    return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.getOwnPropertyNames(a);
  const kb = Object.getOwnPropertyNames(b);
  if (ka.join('\u0000') !== kb.join('\u0000')) return false;
  return ka.every((k) =>
    same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

/** A seeded generator (tests repeat). */
function rng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
}

const NUMBERS = [
  '0',
  '-0',
  '7',
  '-12',
  '0.15992',
  '97636',
  '1e3',
  '-2.5E-7',
  '1.0',
  '123456789012345678901234567890',
  '1e400',
  '0.1e+2',
];
const STRINGS = [
  '',
  'BTCUSDT',
  '0.15992',
  'Buy',
  'e8ccaf53-ab3c-45ea-a2b3-024f223db787',
  'ü€😀',
  '\ud800',
  'a"b',
  'tab\tx',
  'back\\slash',
  'nl\n',
  '__proto__',
  'constructor',
  '0',
  '1',
];

function randomJson(r: (n: number) => number, depth: number): string {
  const kind = depth > 4 ? r(4) : r(7);
  switch (kind) {
    case 0:
      return NUMBERS[r(NUMBERS.length)];
    case 1:
      return JSON.stringify(STRINGS[r(STRINGS.length)]);
    case 2:
      return ['true', 'false', 'null'][r(3)];
    case 3:
      return JSON.stringify(String(r(100000) / 1000));
    case 4:
    case 5: {
      const n = r(5);
      const members: string[] = [];
      for (let i = 0; i < n; i++)
        members.push(`${JSON.stringify(STRINGS[r(STRINGS.length)])}:${randomJson(r, depth + 1)}`);
      return `{${members.join(',')}}`;
    }
    default: {
      const n = r(5);
      const items: string[] = [];
      for (let i = 0; i < n; i++) items.push(randomJson(r, depth + 1));
      return `[${items.join(',')}]`;
    }
  }
}

const FRAMES = [
  '{"topic":"orderbook.50.DOGEUSDT","type":"delta","ts":1796220421022,"data":{"s":"DOGEUSDT","b":[["0.15992","97636"]],"a":[["0.16001","146966"],["0.16004","0"]],"u":3,"seq":6376752005},"cts":1796220421021}',
  '{"topic":"publicTrade.ADAUSDT","type":"snapshot","ts":1796220421032,"data":[{"T":1796220421032,"s":"ADAUSDT","S":"Buy","v":"9834","p":"0.4501","L":"PlusTick","i":"e8ccaf53-ab3c-45ea-a2b3-024f223db787","BT":false,"RPI":false,"seq":5541228009}]}',
  '{"topic":"tickers.DOGEUSDT","type":"delta","ts":1796220421022,"cs":6376752005,"data":{"symbol":"DOGEUSDT","ask1Size":"146966"}}',
  '{"success":true,"ret_msg":"pong","conn_id":"292cb242","op":"ping"}',
];

describe('parseCompactJson (JSON.parse without interning short strings)', () => {
  it('reads venue frames as JSON.parse does', () => {
    for (const f of FRAMES) expect(same(parseCompactJson(f), JSON.parse(f))).toBe(true);
  });

  it('gives JSON.parse the result, or leaves the text to it, over random compact JSON', () => {
    const r = rng(11);
    let read = 0;
    for (let i = 0; i < 5000; i++) {
      const text = randomJson(r, 0);
      const expected: unknown = JSON.parse(text);
      const got = parseCompactJson(text);
      if (got === undefined) continue;
      read++;
      if (!same(got, expected)) throw new Error(`differs from JSON.parse on ${text}`);
    }
    expect(read).toBeGreaterThan(2500);
  });

  it('never accepts what JSON.parse rejects, nor reads anything differently, over mutated frames', () => {
    const r = rng(5);
    const alphabet = '{}[]":,.-+eE0123456789 \\tfnu';
    let rejected = 0;
    for (let i = 0; i < 20000; i++) {
      const f = FRAMES[r(FRAMES.length)];
      const at = r(f.length);
      const c = alphabet[r(alphabet.length)];
      const text = [
        f.slice(0, at) + f.slice(at + 1),
        f.slice(0, at) + c + f.slice(at),
        f.slice(0, at) + c + f.slice(at + 1),
      ][r(3)];
      let expected: unknown;
      try {
        expected = JSON.parse(text);
      } catch {
        rejected++;
        if (parseCompactJson(text) !== undefined) throw new Error(`accepted invalid ${text}`);
        continue;
      }
      const got = parseCompactJson(text);
      if (got !== undefined && !same(got, expected))
        throw new Error(`differs from JSON.parse on ${text}`);
    }
    expect(rejected).toBeGreaterThan(5000);
  });

  it.each([
    ['whitespace between tokens', '{"a": 1}'],
    ['an escape', '"a\\"b"'],
    ['nesting deeper than a frame', `${'['.repeat(40)}${']'.repeat(40)}`],
  ])('leaves %s to JSON.parse', (_name, text) => {
    expect(() => JSON.parse(text) as unknown).not.toThrow();
    expect(parseCompactJson(text)).toBeUndefined();
  });

  it.each([
    ['a leading zero', '01'],
    ['a bare dot', '1.'],
    ['a leading dot', '.5'],
    ['an exponent without digits', '1e'],
    ['a plus sign', '+1'],
    ['a trailing comma', '[1,]'],
    ['an unquoted key', '{a:1}'],
    ['junk after the value', '{}x'],
    ['an unterminated string', '"abc'],
    ['a misspelt literal', 'nul'],
    ['nothing', ''],
    ['a raw control character in a string', '"a\tb"'],
  ])('rejects %s, as JSON.parse does', (_name, text) => {
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(parseCompactJson(text)).toBeUndefined();
  });

  it('keeps "__proto__" an own property, as JSON.parse does', () => {
    const text = '{"__proto__":{"polluted":true},"a":1}';
    const got = parseCompactJson(text) as Record<string, unknown>;
    expect(same(got, JSON.parse(text))).toBe(true);
    expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
