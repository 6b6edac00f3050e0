/** Where a command writes: stdout for results, stderr for errors, with the token never shown. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export function streamOutput(
  stdout: { write(s: string): unknown },
  stderr: { write(s: string): unknown },
  secret: () => string | undefined,
): Output {
  const clean = (text: string) => {
    const token = secret();
    return token ? text.split(token).join('[redacted]') : text;
  };
  return {
    out: (text) => stdout.write(clean(text)),
    err: (text) => stderr.write(clean(text)),
  };
}

/** Exactly one JSON document on stdout. */
export function printJson(output: Output, value: unknown): void {
  output.out(`${JSON.stringify(value, null, 2)}\n`);
}

export type Cell = string | number | boolean | null | undefined;

const show = (cell: Cell): string =>
  cell === null || cell === undefined || cell === '' ? '-' : String(cell);

/** Columns aligned on the widest cell; numbers-looking columns are right-aligned. */
export function table(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const cells = [headers.map(String), ...rows.map((r) => r.map(show))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const numeric = headers.map(
    (_, i) => rows.length > 0 && rows.every((r) => /^-?[\d.]+(ms|s|m|h|d)?$|^-$/.test(show(r[i]))),
  );
  return cells
    .map((r) =>
      r
        .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
    .concat('\n');
}

/** 3725 s → "1h2m", 42 s → "42s". */
export function formatAge(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '-';
  const s = Math.floor(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60 ? `${s % 60}s` : ''}`;
  const h = Math.floor(s / 3600);
  if (h < 48) return `${h}h${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(h / 24)}d${h % 24}h`;
}
