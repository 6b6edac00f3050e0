import { parseArgs } from 'node:util';
import { COMMANDS, COMMAND_NAMES, type CommandName } from './commands/specs';
import { usageError } from './exit-codes';

const OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  state: { type: 'string' },
  timeout: { type: 'string' },
  follow: { type: 'boolean', short: 'f' },
  lines: { type: 'string', short: 'n' },
  flatten: { type: 'boolean' },
  symbol: { type: 'string' },
  since: { type: 'string' },
  action: { type: 'string' },
  limit: { type: 'string' },
} as const;

const GLOBAL = new Set(['url', 'token', 'help']);

export interface Options {
  url?: string;
  token?: string;
  json?: boolean;
  state?: string;
  timeout?: string;
  follow?: boolean;
  lines?: string;
  flatten?: boolean;
  symbol?: string;
  since?: string;
  action?: string;
  limit?: string;
}

export type Invocation =
  | { readonly kind: 'help'; readonly command?: CommandName }
  | {
      readonly kind: 'run';
      readonly command: CommandName;
      readonly args: readonly string[];
      readonly options: Options;
    };

/** `engines ls` is two words; `ls` alone is accepted for it. */
function commandOf(positionals: string[]): { command: CommandName; rest: string[] } {
  const [first, second] = positionals;
  if (first === 'engines') {
    if (second === 'ls' || second === 'list')
      return { command: 'engines ls', rest: positionals.slice(2) };
    throw usageError(
      second === undefined
        ? 'engines needs a subcommand: engines ls'
        : `unknown command "engines ${second}"; try engines ls`,
    );
  }
  if (first === 'ls') return { command: 'engines ls', rest: positionals.slice(1) };
  if ((COMMAND_NAMES as string[]).includes(first)) {
    return { command: first as CommandName, rest: positionals.slice(1) };
  }
  throw usageError(`unknown command "${first}"; flotilla --help lists the commands`);
}

/** argv (after `node main.js`) → what to run; bad usage throws CliError(2) naming the problem. */
export function parseInvocation(argv: readonly string[]): Invocation {
  let parsed: ReturnType<typeof parseWith>;
  try {
    parsed = parseWith(argv);
  } catch (err) {
    throw usageError((err as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
  const { values, positionals, tokens } = parsed;
  if (positionals[0] === 'help') {
    return positionals.length > 1
      ? { kind: 'help', command: commandOf(positionals.slice(1)).command }
      : { kind: 'help' };
  }
  if (positionals.length === 0) {
    if (values.help) return { kind: 'help' };
    throw usageError('no command given; flotilla --help lists the commands');
  }
  const { command, rest } = commandOf(positionals);
  if (values.help) return { kind: 'help', command };
  const spec = COMMANDS[command];
  const allowed = new Set<string>([...GLOBAL, ...spec.options]);
  for (const token of tokens) {
    if (token.kind === 'option' && !allowed.has(token.name)) {
      throw usageError(
        `${token.rawName} is not an option of ${command}; usage: flotilla ${spec.usage}`,
      );
    }
  }
  if (rest.length < spec.args.min || rest.length > spec.args.max) {
    throw usageError(`usage: flotilla ${spec.usage}`);
  }
  return { kind: 'run', command, args: rest, options: values };
}

function parseWith(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
    tokens: true,
  });
}
