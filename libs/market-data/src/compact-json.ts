/**
 * JSON.parse for the compact frames a venue streams, without V8's string internalization.
 *
 * V8's JSON.parse internalizes every string value of up to 10 characters (prices and sizes such
 * as "0.15992" or "97636"): each distinct one is looked up in, and added to, the process-wide
 * string table in old space. On a live feed's distinct values that makes the parse several times
 * slower (`npm run bench -- parse`: 11.1 against 2.0 µs per book delta) and fills old space with
 * table entries that only a mark-compact removes. This parser makes every value an ordinary young string (a slice of the
 * frame) instead.
 *
 * It accepts a strict subset of JSON: no whitespace between tokens and no escape sequences in
 * strings. For any other input, valid or not, it returns undefined and the caller uses
 * JSON.parse, so it never accepts what JSON.parse would reject and never returns anything that
 * differs from JSON.parse's result (a property test holds it to that).
 */
export function parseCompactJson(text: string): unknown {
  const p = new CompactParser(text);
  const value = p.value();
  return value === FAIL || p.i !== text.length ? undefined : value;
}

const FAIL: unique symbol = Symbol('not compact JSON');

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const LITERALS: ReadonlyArray<readonly [string, boolean | null]> = [
  ['true', true],
  ['false', false],
  ['null', null],
];
/** Nesting deeper than any venue frame: left to JSON.parse. */
const MAX_DEPTH = 32;

const EMPTY: unique symbol = Symbol('empty container');
const OPEN: unique symbol = Symbol('open container');

class CompactParser {
  i = 0;
  private depth = 0;
  /** Whether the last container ended with its own closing character (set by more()). */
  private closed = false;

  constructor(private readonly s: string) {}

  value(): unknown {
    const c = this.s.charCodeAt(this.i);
    if (c === QUOTE) return this.string();
    if (c === OPEN_BRACE) return this.object();
    if (c === OPEN_BRACKET) return this.array();
    if (c === MINUS || (c >= ZERO && c <= NINE)) return this.number();
    return this.literal();
  }

  private string(): string | typeof FAIL {
    const s = this.s;
    const start = this.i + 1;
    for (let j = start; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c === QUOTE) {
        this.i = j + 1;
        return s.slice(start, j);
      }
      // escapes are JSON.parse's; so are raw control characters, which JSON forbids
      if (c === BACKSLASH || c < 0x20) return FAIL;
    }
    return FAIL;
  }

  private object(): Record<string, unknown> | typeof FAIL {
    const out: Record<string, unknown> = {};
    const opened = this.open(CLOSE_BRACE);
    if (opened !== OPEN) return opened === EMPTY ? out : FAIL;
    const s = this.s;
    do {
      if (s.charCodeAt(this.i) !== QUOTE) return FAIL;
      const key = this.string();
      if (key === FAIL || s.charCodeAt(this.i) !== COLON) return FAIL;
      this.i++;
      const v = this.value();
      if (v === FAIL) return FAIL;
      // "__proto__" as JSON.parse has it: an own property, not the prototype
      if (key === '__proto__')
        Object.defineProperty(out, key, {
          value: v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else out[key] = v;
    } while (this.more(CLOSE_BRACE));
    return this.closed ? out : FAIL;
  }

  private array(): unknown[] | typeof FAIL {
    const out: unknown[] = [];
    const opened = this.open(CLOSE_BRACKET);
    if (opened !== OPEN) return opened === EMPTY ? out : FAIL;
    do {
      const v = this.value();
      if (v === FAIL) return FAIL;
      out.push(v);
    } while (this.more(CLOSE_BRACKET));
    return this.closed ? out : FAIL;
  }

  /** Steps into an object or array (at its opening character): empty, open, or too deep. */
  private open(close: number): typeof EMPTY | typeof OPEN | typeof FAIL {
    if (this.depth >= MAX_DEPTH) return FAIL;
    this.i++;
    if (this.s.charCodeAt(this.i) !== close) {
      this.depth++;
      return OPEN;
    }
    this.i++;
    return EMPTY;
  }

  /** After a member: true at a comma (another follows); false at the end, `closed` telling whether it was close. */
  private more(close: number): boolean {
    const c = this.s.charCodeAt(this.i++);
    if (c === COMMA) return true;
    this.closed = c === close;
    if (this.closed) this.depth--;
    return false;
  }

  /** -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, as JSON.parse reads it. */
  private number(): number | typeof FAIL {
    const s = this.s;
    const start = this.i;
    let j = start;
    if (s.charCodeAt(j) === MINUS) j++;
    const first = s.charCodeAt(j);
    if (first === ZERO) j++;
    else if (first > ZERO && first <= NINE) j = this.digits(j);
    else return FAIL;
    if (s.charCodeAt(j) === DOT) {
      const after = this.digits(j + 1);
      if (after === j + 1) return FAIL;
      j = after;
    }
    const e = s.charCodeAt(j);
    if (e === LOWER_E || e === UPPER_E) {
      j++;
      const sign = s.charCodeAt(j);
      if (sign === PLUS || sign === MINUS) j++;
      const after = this.digits(j);
      if (after === j) return FAIL;
      j = after;
    }
    this.i = j;
    return Number(s.slice(start, j));
  }

  private digits(from: number): number {
    let j = from;
    for (let c = this.s.charCodeAt(j); c >= ZERO && c <= NINE; c = this.s.charCodeAt(++j));
    return j;
  }

  private literal(): boolean | null | typeof FAIL {
    for (const [word, value] of LITERALS) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return value;
      }
    }
    return FAIL;
  }
}
