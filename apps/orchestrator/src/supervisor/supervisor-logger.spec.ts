import type { LogFields, StructuredLogger } from '@flotilla/core';
import { supervisorLogger } from './supervisor-logger';

type Line = [string, string, LogFields | undefined];

function recorder(lines: Line[], name: string): StructuredLogger {
  const at = (level: string) => (msg: string, fields?: LogFields) => {
    lines.push([`${name}.${level}`, msg, fields]);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('supervisorLogger', () => {
  it("copies a line naming an engine into that engine's log, and only those", () => {
    const lines: Line[] = [];
    const engines: string[] = [];
    const log = supervisorLogger(recorder(lines, 'root'), (symbol) => {
      if (symbol.includes('/')) throw new Error('invalid symbol');
      engines.push(symbol);
      return recorder(lines, symbol);
    });
    log.error('ALERT engine failed: restart limit reached', { symbol: 'BTCUSDT', fault: 'crash' });
    log.warn('supervisor kills engine', { symbol: '../x', kind: 'hang' });
    log.info('fleet resumed', { started: 3 });
    expect(lines).toEqual([
      [
        'root.error',
        'ALERT engine failed: restart limit reached',
        { symbol: 'BTCUSDT', fault: 'crash' },
      ],
      [
        'BTCUSDT.error',
        'ALERT engine failed: restart limit reached',
        { fault: 'crash', source: 'supervisor' },
      ],
      ['root.warn', 'supervisor kills engine', { symbol: '../x', kind: 'hang' }],
      ['root.info', 'fleet resumed', { started: 3 }],
    ]);
    expect(engines).toEqual(['BTCUSDT']);
  });
});
