import { CliError, EXIT, worst, type ExitCode } from '../exit-codes';
import { printJson } from '../output';
import { seg, type Command, type EngineStatusJson } from './context';

export type ControlVerb = 'start' | 'stop' | 'restart' | 'pause' | 'resume' | 'flatten';

const PATHS: Record<ControlVerb, (symbol: string) => string> = {
  start: (s) => `/engines/start/${seg(s)}`,
  stop: (s) => `/engines/stop/${seg(s)}`,
  restart: (s) => `/engines/restart/${seg(s)}`,
  pause: (s) => `/engines/${seg(s)}/pause`,
  resume: (s) => `/engines/${seg(s)}/resume`,
  flatten: (s) => `/engines/${seg(s)}/flatten`,
};

interface CommandResultJson {
  ok: boolean;
  symbol: string;
  status: string;
  engine: EngineStatusJson;
}

interface Outcome {
  symbol: string;
  ok: boolean;
  exitCode: ExitCode;
  status?: string;
  error?: string;
}

/** One command on each symbol in turn; each reported, the exit code the worst of them. */
export function control(verb: ControlVerb): Command {
  return async ({ args, options, client, output }) => {
    const outcomes: Outcome[] = [];
    let unreachable: CliError | undefined;
    for (const symbol of args) {
      if (unreachable) {
        const error = `not attempted: ${unreachable.message}`;
        outcomes.push({ symbol, ok: false, exitCode: EXIT.unreachable, error });
        continue;
      }
      try {
        const res = await client.post<CommandResultJson>(PATHS[verb](symbol));
        outcomes.push({ symbol: res.symbol, ok: true, exitCode: EXIT.ok, status: res.status });
        if (!options.json) output.out(`${res.symbol} ${res.status}\n`);
      } catch (err) {
        if (!(err instanceof CliError)) throw err;
        outcomes.push({ symbol, ok: false, exitCode: err.exitCode, error: err.message });
        output.err(`flotilla: ${verb} ${symbol}: ${err.message}\n`);
        if (err.exitCode === EXIT.unreachable) unreachable = err;
      }
    }
    if (options.json) printJson(output, outcomes);
    return worst(outcomes.map((o) => o.exitCode));
  };
}
