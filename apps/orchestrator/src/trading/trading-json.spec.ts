import { Decimal } from '@flotilla/core';
import { flatStatus, longStatus } from './testing/fakes';
import { positionJson } from './trading-json';

describe('positionJson', () => {
  it('is null for a flat engine and for an entry not filled yet', () => {
    expect(positionJson('BTCUSDT', flatStatus('3'))).toBeNull();
    const opening = longStatus(
      '0',
      '64000',
      { unrealized: '0', realized: '0' },
      { state: 'opening' },
    );
    expect(positionJson('BTCUSDT', opening)).toBeNull();
  });

  it('shows a short or an unprotected position exactly, without floats', () => {
    const short = longStatus(
      '0.1',
      '0.30000000000000004',
      { unrealized: '-0.000000001', realized: '12.345678901234567890' },
      {
        side: 'short',
        state: 'unprotected',
        stopPrice: null,
        stopConfirmed: false,
        takeProfitPrice: null,
        openedAtMs: null,
      },
    );
    expect(positionJson('XRPUSDT', short)).toMatchObject({
      symbol: 'XRPUSDT',
      side: 'short',
      state: 'unprotected',
      entryPrice: '0.30000000000000004',
      stopPrice: null,
      stopConfirmed: false,
      openedAt: null,
      unrealizedPnl: '-0.000000001',
      realizedPnl: '12.34567890123456789',
    });
    expect(new Decimal(positionJson('XRPUSDT', short)!.qty).eq('0.1')).toBe(true);
  });

  it('shows the trailing stop, the age stage and the aged exit order (issue 11)', () => {
    const status = longStatus(
      '1',
      '100',
      { unrealized: '1.5', realized: '0' },
      {
        trailing: {
          active: true,
          bestPrice: new Decimal('101.5'),
          lastMoveAtMs: Date.UTC(2026, 10, 25, 8),
        },
        ageStage: 'break-even',
        exitOrder: { clientOrderId: 'flt-BTCUSDT-a-aged', price: new Decimal('100.0') },
      },
    );
    expect(positionJson('BTCUSDT', status)).toMatchObject({
      trailing: { active: true, bestPrice: '101.5', lastMoveAt: '2026-11-25T08:00:00.000Z' },
      ageStage: 'break-even',
      exitOrder: { clientOrderId: 'flt-BTCUSDT-a-aged', price: '100' },
    });
    expect(
      positionJson('BTCUSDT', longStatus('1', '100', { unrealized: '0', realized: '0' })),
    ).toMatchObject({ trailing: null, ageStage: null, exitOrder: null });
  });
});
