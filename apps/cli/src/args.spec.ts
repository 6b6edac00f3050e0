import { parseInvocation } from './args';
import { CliError, EXIT } from './exit-codes';

function usageMessage(argv: string[]): string {
  try {
    parseInvocation(argv);
  } catch (err) {
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(EXIT.usage);
    return (err as CliError).message;
  }
  throw new Error(`${argv.join(' ')} parsed`);
}

describe('parseInvocation', () => {
  it('reads a command, its arguments and options wherever the global flags stand', () => {
    expect(
      parseInvocation(['--url', 'http://h:1', 'engines', 'ls', '--state', 'running', '--json']),
    ).toEqual({
      kind: 'run',
      command: 'engines ls',
      args: [],
      options: { url: 'http://h:1', state: 'running', json: true },
    });
    expect(parseInvocation(['start', 'BTCUSDT', 'ETHUSDT', '--token=abc'])).toMatchObject({
      command: 'start',
      args: ['BTCUSDT', 'ETHUSDT'],
      options: { token: 'abc' },
    });
    expect(parseInvocation(['logs', 'BTCUSDT', '-f', '-n', '20'])).toMatchObject({
      command: 'logs',
      options: { follow: true, lines: '20' },
    });
    expect(parseInvocation(['ls'])).toMatchObject({ command: 'engines ls' });
  });

  it('answers help for --help, -h and help, per command too', () => {
    expect(parseInvocation(['--help'])).toEqual({ kind: 'help' });
    expect(parseInvocation(['help'])).toEqual({ kind: 'help' });
    expect(parseInvocation(['wait', '-h'])).toEqual({ kind: 'help', command: 'wait' });
    expect(parseInvocation(['help', 'engines', 'ls'])).toEqual({
      kind: 'help',
      command: 'engines ls',
    });
    expect(parseInvocation(['kill-switch', '--help'])).toEqual({
      kind: 'help',
      command: 'kill-switch',
    });
  });

  it.each([
    [[], /no command given/],
    [['bogus'], /unknown command "bogus"/],
    [['engines'], /engines needs a subcommand/],
    [['engines', 'rm'], /unknown command "engines rm"/],
    [['start'], /usage: flotilla start SYMBOL/],
    [['status', 'A', 'B'], /usage: flotilla status SYMBOL/],
    [['positions', 'BTCUSDT'], /usage: flotilla positions/],
    [['positions', '--follow'], /--follow is not an option of positions/],
    [['start', 'BTCUSDT', '--state', 'x'], /--state is not an option of start/],
    [['engines', 'ls', '--nope'], /Unknown option '--nope'/],
    [['logs', 'BTCUSDT', '--lines'], /--lines/],
  ])('refuses %j with a usage error', (argv, message) => {
    expect(usageMessage(argv)).toMatch(message);
  });

  it('never echoes the token in a usage error', () => {
    expect(usageMessage(['--token', 'sekrit-token-value', 'bogus'])).not.toContain('sekrit');
  });
});
