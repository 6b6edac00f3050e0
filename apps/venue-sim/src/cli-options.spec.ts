import { CliError, parseCliOptions } from './cli-options';

describe('parseCliOptions', () => {
  it('reads every flag, in both spellings', () => {
    expect(
      parseCliOptions([
        '--port',
        '7001',
        '--seed=7',
        '--synthetic',
        '3',
        '--rate',
        '0',
        '--phases',
        '1',
        '--host',
        'localhost',
      ]),
    ).toEqual({
      port: 7001,
      seed: 7,
      synthetic: 3,
      rateHz: 0,
      phases: 1,
      host: 'localhost',
    });
  });

  it('defaults to port 7001, seed 42, no synthetic symbols, 10 Hz on loopback', () => {
    expect(parseCliOptions([])).toEqual({
      port: 7001,
      seed: 42,
      synthetic: 0,
      rateHz: 10,
      phases: 10,
      host: '127.0.0.1',
    });
  });

  it.each([
    [['--port', 'abc'], '--port'],
    [['--port', '70000'], '--port'],
    [['--rate', '-1'], '--rate'],
    [['--phases', '0'], '--phases'],
    [['--seed'], '--seed'],
    [['--synthetic', '--rate', '1'], '--synthetic'],
    [['--verbose', '1'], '--verbose'],
    [['--host', 'a b'], '--host'],
  ])('rejects %j naming %s', (argv, flag) => {
    expect(() => parseCliOptions(argv)).toThrow(CliError);
    expect(() => parseCliOptions(argv)).toThrow(new RegExp(`^${flag}:`));
  });
});
