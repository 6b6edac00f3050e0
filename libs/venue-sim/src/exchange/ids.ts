/**
 * Deterministic UUID-shaped ids from a seeded counter: the n-th id of a given seed and kind is
 * always the same, so a replay (and a restore from a snapshot) reproduces them.
 */
export class IdSequence {
  constructor(
    private readonly seed: number,
    private readonly kind: number,
    public counter = 0,
  ) {}

  next(): string {
    this.counter++;
    const a = mix(this.seed ^ Math.imul(this.kind, 0x9e3779b1), this.counter);
    const b = mix(a, this.counter ^ 0x5bd1e995);
    const c = mix(b, this.kind);
    const hex = (n: number, width: number): string =>
      (n >>> 0).toString(16).padStart(8, '0').slice(-width);
    const count = this.counter.toString(16).padStart(12, '0').slice(-12);
    return `${hex(a, 8)}-${hex(b, 4)}-4${hex(b >>> 16, 3)}-${hex(8 + (c & 3), 1)}${hex(c >>> 8, 3)}-${count}`;
  }
}

function mix(h: number, v: number): number {
  let x = Math.imul(h ^ v, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
