import { maxActiveMsOf } from './alive-time';
import { signRealtime } from './auth';
import { FrameContext, handlePrivateFrame } from './frames';
import { topicNamesFor } from './topics';

const NOW = 1_767_225_600_000;
const SECRET = 'flotilla-sim-secret';

function ctx(over: Partial<FrameContext> = {}): FrameContext {
  return {
    connId: 'c1',
    nowMs: NOW,
    key: 'flotilla-sim',
    secretOf: (k) => (k === 'flotilla-sim' ? SECRET : undefined),
    isSubscribed: () => false,
    ...over,
  };
}

const authFrame = (args: unknown[], reqId?: string): string =>
  JSON.stringify({ req_id: reqId, op: 'auth', args });

describe('private stream frames', () => {
  describe('auth', () => {
    const expires = String(NOW + 10_000);
    const anon = ctx({ key: null });

    it('accepts ccxt’s signature (expires as a string) and echoes req_id', () => {
      const sig = signRealtime(SECRET, expires);
      const result = handlePrivateFrame(authFrame(['flotilla-sim', expires, sig], 'a1'), anon);
      expect(result.reply).toEqual({
        req_id: 'a1',
        success: true,
        ret_msg: '',
        op: 'auth',
        conn_id: 'c1',
      });
      expect(result.action).toEqual({ kind: 'authenticated', key: 'flotilla-sim' });
    });

    it('accepts expires as a number, as Bybit’s docs send it', () => {
      const sig = signRealtime(SECRET, expires);
      const frame = authFrame(['flotilla-sim', Number(expires), sig]);
      expect(handlePrivateFrame(frame, anon).action.kind).toBe('authenticated');
    });

    it.each([
      ['expired', ['flotilla-sim', String(NOW), signRealtime(SECRET, String(NOW))]],
      ['bad signature', ['flotilla-sim', expires, signRealtime('wrong', expires)]],
      ['unknown key', ['nobody', expires, signRealtime(SECRET, expires)]],
      ['malformed', ['flotilla-sim', 'soon', 'sig']],
      ['too few args', ['flotilla-sim', expires]],
    ])('refuses %s with Bybit’s "Params Error" and stays unauthenticated', (_, args) => {
      const result = handlePrivateFrame(authFrame(args, '9'), anon);
      expect(result.reply).toEqual({
        req_id: '9',
        success: false,
        ret_msg: 'Params Error',
        op: 'auth',
        conn_id: 'c1',
      });
      expect(result.action.kind).toBe('none');
    });

    it('refuses a second auth on an authenticated socket', () => {
      const sig = signRealtime(SECRET, expires);
      const result = handlePrivateFrame(authFrame(['flotilla-sim', expires, sig]), ctx());
      expect(result.reply).toMatchObject({ success: false, ret_msg: 'Repeat auth' });
      expect(result.action.kind).toBe('none');
    });
  });

  describe('subscribe', () => {
    const sub = (args: unknown, op = 'subscribe'): string =>
      JSON.stringify({ req_id: 7, op, args });

    it('refuses before auth with "Request not authorized"', () => {
      const result = handlePrivateFrame(sub(['order']), ctx({ key: null }));
      expect(result.reply).toEqual({
        req_id: '7',
        success: false,
        ret_msg: 'Request not authorized',
        op: 'subscribe',
        conn_id: 'c1',
      });
    });

    it('acks the four topics, all-in-one or .linear, echoing a numeric req_id as ccxt sends it', () => {
      for (const args of [
        ['order', 'execution', 'position', 'wallet'],
        ['order.linear', 'wallet'],
      ]) {
        const result = handlePrivateFrame(sub(args), ctx());
        expect(result.reply).toEqual({
          req_id: '7',
          success: true,
          ret_msg: '',
          op: 'subscribe',
          conn_id: 'c1',
        });
        expect(result.action).toEqual({ kind: 'subscribe', topics: args });
      }
    });

    it.each([
      [['order', 'order.linear'], 'cannot be mixed'],
      [['orderbook.50.BTCUSDT'], 'handler not found'],
      [['position.spot'], 'handler not found'],
      [['wallet.linear'], 'handler not found'],
      [[], 'non-empty'],
      [[1], 'non-empty'],
    ])('fails %j as a whole (%s)', (args, why) => {
      const result = handlePrivateFrame(sub(args), ctx());
      expect(result.reply.success).toBe(false);
      expect(String(result.reply.ret_msg)).toContain(why);
      expect(result.action.kind).toBe('none');
    });

    it('refuses a topic already held, and an unsubscribe of one not held', () => {
      const held = ctx({ isSubscribed: (t) => t === 'order' });
      expect(handlePrivateFrame(sub(['order']), held).reply.success).toBe(false);
      expect(handlePrivateFrame(sub(['wallet'], 'unsubscribe'), held).reply.success).toBe(false);
      const result = handlePrivateFrame(sub(['order'], 'unsubscribe'), held);
      expect(result.reply).toMatchObject({ success: true, op: 'unsubscribe', req_id: '7' });
      expect(result.action).toEqual({ kind: 'unsubscribe', topics: ['order'] });
    });
  });

  it('answers ping with the private pong carrying the server time', () => {
    const result = handlePrivateFrame('{"req_id":"p","op":"ping"}', ctx({ key: null }));
    expect(result.reply).toEqual({ req_id: 'p', op: 'pong', args: [String(NOW)], conn_id: 'c1' });
    expect(result.action.kind).toBe('ping');
  });

  it('answers junk and unknown ops with an error, changing nothing', () => {
    expect(handlePrivateFrame('}{', ctx()).reply).toMatchObject({ success: false });
    const unknown = handlePrivateFrame('{"op":"order.create","req_id":"x"}', ctx());
    expect(unknown.reply).toMatchObject({
      success: false,
      ret_msg: 'error:invalid op',
      req_id: 'x',
    });
    expect(unknown.action.kind).toBe('none');
  });

  it('routes an exchange event to the all-in-one and the .linear names', () => {
    expect(topicNamesFor('execution')).toEqual(['execution', 'execution.linear', 'execution.fast']);
    expect(topicNamesFor('wallet')).toEqual(['wallet']);
  });

  it.each([
    ['/v5/private', 600_000],
    ['/v5/private?max_active_time=30s', 30_000],
    ['/v5/private?max_active_time=2m', 120_000],
    ['/v5/private?max_active_time=600s', 600_000],
    ['/v5/private?max_active_time=29s', null],
    ['/v5/private?max_active_time=11m', null],
    ['/v5/private?max_active_time=1h', null],
  ])('reads the alive time of %s', (url, ms) => {
    expect(maxActiveMsOf(url)).toBe(ms);
  });
});
