import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@flotilla/core';
import { ExchangeSnapshot, SNAPSHOT_VERSION } from '../exchange';
import { mergeAccounts, StateFile } from './state-file';

const snapshot = (walletBalance: string): ExchangeSnapshot => ({
  version: SNAPSHOT_VERSION,
  seed: 42,
  orderIdCounter: 3,
  execIdCounter: 2,
  execSeq: 2,
  accounts: [
    {
      key: 'k1',
      secret: 's1',
      usdt: '1000',
      walletBalance,
      cumRealisedPnl: '0',
      updatedTime: 0,
      orders: [],
      positions: [],
      executions: [],
    },
  ],
});

describe('StateFile', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'venue-state-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes at most once per throttle window, the latest state, and leaves no temp file', () => {
    const clock = new ManualClock(0);
    let balance = '1000';
    const path = join(dir, 'nested', 'state.json');
    const file = new StateFile(path, clock, () => snapshot(balance), 200);
    file.changed();
    balance = '990';
    file.changed();
    expect(existsSync(path)).toBe(false);
    clock.advance(199);
    expect(existsSync(path)).toBe(false);
    clock.advance(1);
    expect(StateFile.load(path)?.accounts[0].walletBalance).toBe('990');
    expect(readdirSync(join(dir, 'nested'))).toEqual(['state.json']);
  });

  it('flush() writes pending changes at once (SIGTERM) and nothing when clean', () => {
    const clock = new ManualClock(0);
    const path = join(dir, 'state.json');
    const file = new StateFile(path, clock, () => snapshot('5'), 200);
    file.flush();
    expect(existsSync(path)).toBe(false);
    file.changed();
    file.flush();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(snapshot('5'));
  });

  it('loads nothing for a missing file and refuses a foreign one', () => {
    expect(StateFile.load(join(dir, 'none.json'))).toBeUndefined();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"version":99}');
    expect(() => StateFile.load(bad)).toThrow(/not a venue-sim state/);
  });

  it('keeps saved balances, takes configured secrets, and adds new configured accounts', () => {
    const merged = mergeAccounts(
      snapshot('750'),
      [
        { key: 'k1', secret: 'rotated', usdt: '1000' },
        { key: 'k2', secret: 's2', usdt: '20' },
      ],
      9,
    );
    expect(merged.accounts.map((a) => [a.key, a.secret, a.walletBalance])).toEqual([
      ['k1', 'rotated', '750'],
      ['k2', 's2', '20'],
    ]);
  });
});
