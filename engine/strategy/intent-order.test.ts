import { describe, expect, it } from 'vitest';
import { orderForIntent } from './intent-order.ts';

describe('orderForIntent', () => {
  it('BUY opens a long when flat, covers a short, and means nothing while long', () => {
    expect(orderForIntent('BUY', null, false)).toEqual({ side: 'buy', reason: 'entry' });
    expect(orderForIntent('BUY', 'short', true)).toEqual({ side: 'buy', reason: 'exit' });
    expect(orderForIntent('BUY', 'long', true)).toBeNull();
  });

  it('SELL closes a long, opens a short only when shorts are allowed, and means nothing while short', () => {
    expect(orderForIntent('SELL', 'long', false)).toEqual({ side: 'sell', reason: 'exit' });
    expect(orderForIntent('SELL', null, false), 'long-only by default').toBeNull();
    expect(orderForIntent('SELL', null, true)).toEqual({ side: 'sell', reason: 'entry' });
    expect(orderForIntent('SELL', 'short', true)).toBeNull();
  });

  it('EXIT closes either side and means nothing when flat; HOLD never orders', () => {
    expect(orderForIntent('EXIT', 'long', false)).toEqual({ side: 'sell', reason: 'exit' });
    expect(orderForIntent('EXIT', 'short', true)).toEqual({ side: 'buy', reason: 'exit' });
    expect(orderForIntent('EXIT', null, true)).toBeNull();
    expect(orderForIntent('HOLD', 'long', true)).toBeNull();
  });
});

describe('orderForIntent: reversal and pyramiding', () => {
  it('with reverse, an opposite intent flips the position in one order (shorts need allowShort)', () => {
    expect(orderForIntent('SELL', 'long', true, true)).toEqual({ side: 'sell', reason: 'exit', reverse: true });
    expect(orderForIntent('BUY', 'short', true, true)).toEqual({ side: 'buy', reason: 'exit', reverse: true });
    expect(orderForIntent('SELL', 'long', false, true), 'long-only: a plain close').toEqual({ side: 'sell', reason: 'exit' });
  });
  it('adds to a position up to maxEntries, then refuses with the reason', () => {
    expect(orderForIntent('BUY', 'long', { allowShort: false, maxEntries: 3, entries: 2 })).toEqual({ side: 'buy', reason: 'add' });
    expect(orderForIntent('BUY', 'long', { allowShort: false, maxEntries: 3, entries: 3 })).toEqual({ refused: 'maxEntries', detail: 'the position already has 3 of at most 3 entries (orders.maxEntries)' });
    expect(orderForIntent('SELL', 'short', { allowShort: true, maxEntries: 2, entries: 1 })).toEqual({ side: 'sell', reason: 'add' });
    expect(orderForIntent('BUY', 'long', { allowShort: false }), 'one entry by default: nothing').toBeNull();
  });
});
