const HEAD = new Set(['ts', 'level', 'pid', 'host', 'symbol', 'msg']);
const LEVEL_LABEL: Record<string, string> = {
  error: 'ERROR',
  warn: 'WARN ',
  info: 'INFO ',
  debug: 'DEBUG',
};

function show(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value);
}

/** A JSONL line for a human at a terminal: `12:00:01.250 INFO  [BTCUSDT] msg key=value …`. */
export function prettyLine(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const ts = typeof record.ts === 'string' ? record.ts.slice(11, 23) : '';
  const level = LEVEL_LABEL[String(record.level)] ?? String(record.level);
  const symbol = typeof record.symbol === 'string' ? ` [${record.symbol}]` : '';
  const rest = Object.entries(record)
    .filter(([key]) => !HEAD.has(key))
    .map(([key, value]) => `${key}=${show(value)}`);
  return [`${ts} ${level}${symbol} ${String(record.msg)}`, ...rest].join(' ');
}
