export const LOG_FORMATS_STDOUT = ['json', 'pretty'] as const;
export type StdoutFormat = (typeof LOG_FORMATS_STDOUT)[number];

/**
 * LOG_FORMAT when set; otherwise pretty for a person at a terminal, and strict JSONL wherever a
 * machine reads stdout (not a TTY) or in production.
 */
export function resolveStdoutFormat(
  configured: StdoutFormat | undefined,
  stdout: { isTTY?: boolean } = process.stdout,
  nodeEnv: string | undefined = process.env.NODE_ENV,
): StdoutFormat {
  if (configured) return configured;
  return stdout.isTTY === true && nodeEnv !== 'production' ? 'pretty' : 'json';
}
