import { COMMANDS, COMMAND_NAMES, type CommandName } from './commands/specs';

const CONNECTION = [
  'Connection:',
  '  --url URL      the service (else FLOTILLA_URL, else http://127.0.0.1:$PORT, PORT default 3000)',
  '  --token TOKEN  the API token (else API_TOKEN, else the file $DATA_DIR/api-token, DATA_DIR default ./data)',
];

const EXIT_CODES = [
  'Exit codes:',
  '  0 ok   1 other error (401 token refused, 5xx, not the API)   2 usage (also a 400)',
  '  3 not found (404)   4 conflict (409)   5 service unreachable   6 wait timed out',
];

export function generalHelp(): string {
  const width = Math.max(...COMMAND_NAMES.map((c) => c.length));
  const lines = COMMAND_NAMES.map((c) => `  ${c.padEnd(width)}  ${COMMANDS[c].summary}`);
  return [
    'flotilla: drive a Flotilla service from the command line',
    '',
    'Usage: flotilla COMMAND [ARGS] [--url URL] [--token TOKEN]',
    '',
    'Commands:',
    ...lines,
    '',
    'flotilla COMMAND --help shows its arguments. --json prints exactly one JSON document on',
    'stdout (logs --follow --json: one per line); errors go to stderr, one line each.',
    '',
    ...CONNECTION,
    '',
    ...EXIT_CODES,
    '',
  ].join('\n');
}

export function commandHelp(command: CommandName): string {
  const spec = COMMANDS[command];
  return [
    `Usage: flotilla ${spec.usage}`,
    '',
    spec.summary,
    ...(spec.details ? ['', ...spec.details] : []),
    '',
    ...CONNECTION,
    '',
    ...EXIT_CODES,
    '',
  ].join('\n');
}
