import { describe, expect, it } from 'vitest';
import { SeriesTrack } from './series-track.ts';

const S = 1000;
const T = 1_700_000_000_000;
const track = (from = T, until = Number.POSITIVE_INFINITY) => new SeriesTrack({ symbol: 'BTC/USDT', timeframe: '1s' }, 0, from, until, 0);
const bar = (tr: SeriesTrack, i: number, close = 100 + i) => tr.candle(T + i * S, 100, 200, 50, close, 1);

function drain(tr: SeriesTrack): number[] {
  const out: number[] = [];
  for (;;) {
    tr.skipMissing();
    const c = tr.peek();
    if (!c) return out;
    out.push((tr.pop().openTime - T) / S);
  }
}

describe('SeriesTrack', () => {
  it('emits final candles in open-time order, each once, waiting for the one that is missing', () => {
    const tr = track();
    tr.offer(bar(tr, 1), true);
    tr.offer(bar(tr, 2), true);
    expect(drain(tr), 'candle 0 is not final yet').toEqual([]);
    tr.offer(bar(tr, 0), false);
    expect(drain(tr), 'in progress is not final').toEqual([]);
    tr.offer(bar(tr, 0), true);
    expect(drain(tr)).toEqual([0, 1, 2]);
  });

  it('last write wins until emitted; afterwards equal copies are duplicates and different ones revisions', () => {
    const tr = track();
    tr.offer(bar(tr, 0, 1), true);
    tr.offer(bar(tr, 0, 2), true);
    expect(tr.peek()?.close).toBe(2);
    tr.pop();
    expect(tr.offer(bar(tr, 0, 2), true)).toBe('duplicate');
    expect(tr.offer(bar(tr, 0, 3), true)).toBe('revision');
    expect(tr.stats).toMatchObject({ duplicates: 1, revisions: 1, emitted: 1 });
  });

  it('an in-progress update never overwrites a final value', () => {
    const tr = track();
    tr.offer(bar(tr, 0, 5), true);
    tr.offer(bar(tr, 0, 9), false);
    expect(tr.peek()?.close).toBe(5);
  });

  it('without a closed flag, a newer open time closes the candles before it', () => {
    const tr = track();
    tr.offer(bar(tr, 0), false);
    tr.closeBefore(T + S);
    expect(drain(tr)).toEqual([0]);
  });

  it('detects holes before the newest streamed candle', () => {
    const tr = track();
    tr.newestStreamed = T + 3 * S;
    tr.offer(bar(tr, 0), true);
    tr.offer(bar(tr, 2), true);
    expect(tr.hasHole(), 'candle 1 missing').toBe(true);
    tr.offer(bar(tr, 1), true);
    expect(tr.hasHole()).toBe(false);
    expect(tr.caughtUp).toBe(true);
  });

  it('skips runs proven missing and records them as gaps', () => {
    const tr = track();
    tr.offer(bar(tr, 0), true);
    tr.offer(bar(tr, 3), true);
    tr.markMissing(T + 4 * S);
    expect(drain(tr)).toEqual([0, 3]);
    expect(tr.gaps).toEqual([{ from: T + S, to: T + 3 * S }]);
    expect(tr.stats.missing).toBe(2);
  });

  it('ignores candles at or after until, and is done once it reaches it', () => {
    const tr = track(T, T + 2 * S);
    expect(tr.offer(bar(tr, 2), true)).toBe('outside');
    tr.offer(bar(tr, 0), true);
    tr.offer(bar(tr, 1), true);
    expect(drain(tr)).toEqual([0, 1]);
    expect(tr.done).toBe(true);
    expect(tr.nextClose).toBe(Number.POSITIVE_INFINITY);
  });
});
