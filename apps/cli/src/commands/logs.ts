import { parseCount } from '../durations';
import { EXIT } from '../exit-codes';
import { printJson, type Output } from '../output';
import { seg, type Command } from './context';

export const FOLLOW_POLL_MS = 1000;
const MAX_LINES = 1000;
const SHOWN_APART = new Set(['ts', 'level', 'msg', 'symbol', 'pid', 'host']);

interface LogsPage {
  symbol: string;
  lines: Record<string, unknown>[];
  cursor: string;
}

/** `ts LEVEL msg key=value …`, values as JSON. */
export function formatLogLine(line: Record<string, unknown>): string {
  if (typeof line.unparsed === 'string' && Object.keys(line).length === 1) return line.unparsed;
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  const fields = Object.entries(line)
    .filter(([k]) => !SHOWN_APART.has(k))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return [
    text(line.ts ?? '-'),
    text(line.level ?? '-')
      .toUpperCase()
      .padEnd(5),
    text(line.msg ?? ''),
    ...fields,
  ]
    .join(' ')
    .trimEnd();
}

function print(output: Output, lines: Record<string, unknown>[], jsonl: boolean): void {
  if (lines.length === 0) return;
  output.out(lines.map((l) => `${jsonl ? JSON.stringify(l) : formatLogLine(l)}\n`).join(''));
}

/** The last lines; with --follow, then every new line, polled each second until interrupted. */
export const logs: Command = async ({ args, options, client, output, clock }) => {
  const lines = options.lines === undefined ? 100 : parseCount(options.lines, '--lines', MAX_LINES);
  const path = `/engines/${seg(args[0])}/logs`;
  let page = await client.get<LogsPage>(path, { lines });
  if (!options.follow) {
    if (options.json) printJson(output, page);
    else print(output, page.lines, false);
    return EXIT.ok;
  }
  for (;;) {
    print(output, page.lines, options.json === true);
    // A full page means more is waiting: fetch it at once.
    if (page.lines.length < MAX_LINES) await clock.sleep(FOLLOW_POLL_MS);
    page = await client.get<LogsPage>(path, { cursor: page.cursor, lines: MAX_LINES });
  }
};
