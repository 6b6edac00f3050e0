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
      rateLimitScale: 1,
    });
  });

  it('reads repeated --account, --state and --rate-limit-scale', () => {
    expect(
      parseCliOptions([
        '--account',
        'k1:s1',
        '--account=k2:s-2:2500.5',
        '--state',
        '/tmp/sim.json',
        '--rate-limit-scale',
        '100',
      ]),
    ).toMatchObject({
      accounts: [
        { key: 'k1', secret: 's1', usdt: '100000' },
        { key: 'k2', secret: 's-2', usdt: '2500.5' },
      ],
      statePath: '/tmp/sim.json',
      rateLimitScale: 100,
    });
  });

  it('reads --mirror, deriving the REST URL from its origin unless --mirror-rest is given', () => {
    expect(parseCliOptions(['--mirror', 'wss://stream.bybit.com/v5/public/linear']).mirror).toEqual(
      { wsUrl: 'wss://stream.bybit.com/v5/public/linear', restUrl: 'https://stream.bybit.com' },
    );
    expect(
      parseCliOptions([
        '--mirror',
        'ws://127.0.0.1:7001/v5/public/linear',
        '--mirror-rest',
        'http://127.0.0.1:7002',
        '--mirror-symbols',
        'BTCUSDT,ETHUSDT',
      ]).mirror,
    ).toEqual({
      wsUrl: 'ws://127.0.0.1:7001/v5/public/linear',
      restUrl: 'http://127.0.0.1:7002',
      symbols: ['BTCUSDT', 'ETHUSDT'],
    });
  });

  it('never repeats a secret in an --account error', () => {
    expect(() => parseCliOptions(['--account', 'key:top$ecret'])).toThrow(/^--account:/);
    expect(() => parseCliOptions(['--account', 'key:top$ecret'])).not.toThrow(/top/);
    expect(() => parseCliOptions(['--account', 'k:a', '--account', 'k:b'])).toThrow(
      '--account: duplicate key k',
    );
  });

  it('defaults to port 7001, seed 42, no synthetic symbols, 10 Hz on loopback', () => {
    expect(parseCliOptions([])).toEqual({
      port: 7001,
      seed: 42,
      synthetic: 0,
      rateHz: 10,
      phases: 10,
      host: '127.0.0.1',
      rateLimitScale: 1,
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
    [['--account', 'nosecret'], '--account'],
    [['--account', 'k:s:abc'], '--account'],
    [['--state', ''], '--state'],
    [['--rate-limit-scale', '0'], '--rate-limit-scale'],
    [['--mirror', 'http://x'], '--mirror'],
    [['--mirror', 'nope'], '--mirror'],
    [['--mirror-rest', 'http://x'], '--mirror-rest'],
    [['--mirror', 'ws://x', '--mirror-symbols', 'a b'], '--mirror-symbols'],
  ])('rejects %j naming %s', (argv, flag) => {
    expect(() => parseCliOptions(argv)).toThrow(CliError);
    expect(() => parseCliOptions(argv)).toThrow(new RegExp(`^${flag}:`));
  });
});
