/** What a script branches on (README, "Command line"). */
export const EXIT = {
  ok: 0,
  /** 401/403, 429, 5xx, an answer that is not the API's: anything else that went wrong. */
  error: 1,
  /** Bad arguments, or a 400 from the service (the request itself is wrong). */
  usage: 2,
  notFound: 3,
  conflict: 4,
  /** Connection refused, host not found, no answer within the request timeout. */
  unreachable: 5,
  /** `wait` ran out of time. */
  timeout: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Least to most severe: a batch of commands exits with the worst of its codes. */
const SEVERITY: readonly ExitCode[] = [
  EXIT.ok,
  EXIT.conflict,
  EXIT.notFound,
  EXIT.timeout,
  EXIT.usage,
  EXIT.error,
  EXIT.unreachable,
];

export function worst(codes: Iterable<ExitCode>): ExitCode {
  let result: ExitCode = EXIT.ok;
  for (const code of codes) if (SEVERITY.indexOf(code) > SEVERITY.indexOf(result)) result = code;
  return result;
}

/** An error the CLI reports as one line on stderr and exits with. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string) => new CliError(EXIT.usage, message);
