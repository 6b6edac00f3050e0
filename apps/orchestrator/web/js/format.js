// Display helpers: decimals stay strings (never parsed to numbers for display).
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
  const h = Math.floor(seconds / 3600);
  return h < 48
    ? `${h}h ${Math.floor((seconds % 3600) / 60)}m`
    : `${Math.floor(h / 24)}d ${h % 24}h`;
}

export function ageMs(ms) {
  if (ms === null || ms === undefined) return '–';
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : duration(Math.floor(ms / 1000));
}

/** A decimal string shortened for a cell: at most `places` decimals, trailing zeros kept off. */
export function decimal(value, places = 4) {
  if (value === null || value === undefined || value === '') return '–';
  const s = String(value);
  const m = /^(-?\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return s;
  const frac = (m[2] ?? '').slice(0, places).replace(/0+$/, '');
  return frac ? `${m[1]}.${frac}` : m[1];
}

export function signOf(value) {
  const s = String(value ?? '0');
  if (s.startsWith('-') && /[1-9]/.test(s)) return 'neg';
  return /[1-9]/.test(s) ? 'pos' : 'zero';
}

export function time(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toISOString().slice(11, 19);
}

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
