import { parseInvocation } from './args';
import { RUNNERS, type CliClock } from './commands';
import { resolveConnection } from './connection';
import { CliError, EXIT, type ExitCode } from './exit-codes';
import { commandHelp, generalHelp } from './help';
import { ApiClient } from './http-client';
import { streamOutput } from './output';

export interface CliDeps {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
  readonly clock: CliClock;
}

/** One invocation: parse, connect, run; every failure is one stderr line and an exit code. */
export async function runCli(deps: CliDeps): Promise<ExitCode> {
  let token: string | undefined;
  const output = streamOutput(deps.stdout, deps.stderr, () => token);
  try {
    const invocation = parseInvocation(deps.argv);
    if (invocation.kind === 'help') {
      output.out(invocation.command ? commandHelp(invocation.command) : generalHelp());
      return EXIT.ok;
    }
    const connection = resolveConnection(invocation.options, deps.env, deps.cwd);
    token = connection.token;
    return await RUNNERS[invocation.command]({
      args: invocation.args,
      options: invocation.options,
      client: new ApiClient(connection.baseUrl, connection.token),
      output,
      clock: deps.clock,
    });
  } catch (err) {
    if (err instanceof CliError) {
      output.err(`flotilla: ${err.message}\n`);
      return err.exitCode;
    }
    output.err(`flotilla: unexpected error: ${(err as Error).message}\n`);
    return EXIT.error;
  }
}
