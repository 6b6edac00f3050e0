/**
 * Epoch ms as ISO-8601 UTC (`2026-11-25T07:00:41.880Z`), the same string as Date#toISOString.
 * A fleet status formats thousands of times per rebuild, nearly all within the last second or
 * two, so the `YYYY-MM-DDTHH:MM:SS.` prefix of the two most recent seconds is kept and only the
 * milliseconds are appended.
 */
const slots: Array<{ second: number; prefix: string }> = [
  { second: NaN, prefix: '' },
  { second: NaN, prefix: '' },
];
let nextSlot = 0;

const MS3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

export function isoUtc(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) return new Date(ms).toISOString();
  const second = Math.floor(ms / 1000);
  let slot = slots[0].second === second ? slots[0] : slots[1].second === second ? slots[1] : null;
  if (slot === null) {
    slot = slots[nextSlot];
    nextSlot ^= 1;
    slot.second = second;
    slot.prefix = new Date(second * 1000).toISOString().slice(0, 20);
  }
  return `${slot.prefix}${MS3[ms - second * 1000]}Z`;
}

export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : isoUtc(ms));
