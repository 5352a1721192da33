import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateCandles, CandleAggregator } from './aggregator.ts';
import type { Candle } from './types.ts';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1); // a Monday, aligned to every intraday bucket

/** Minute i: open 100+i, high open+0.5, low open−0.5, close open+0.25, volume i+1; minute 7 spikes to 200, minute 33 dips to 50. */
function minute(i: number, start = T0): Candle {
  const open = 100 + i;
  return {
    symbol: 'BTC/USDT',
    timeframe: '1m',
    openTime: start + i * MIN,
    closeTime: start + (i + 1) * MIN,
    open,
    high: i === 7 ? 200 : open + 0.5,
    low: i === 33 ? 50 : open - 0.5,
    close: open + 0.25,
    volume: i + 1,
  };
}

function run(agg: CandleAggregator, candles: readonly Candle[]): Candle[] {
  const out: Candle[] = [];
  for (const c of candles) agg.push(c, (x) => out.push(x));
  return out;
}

const ohlcv = (c: Candle) => [c.openTime, c.closeTime, c.open, c.high, c.low, c.close, c.volume];

describe('CandleAggregator: exact OHLCV', () => {
  const hour = Array.from({ length: 60 }, (_, i) => minute(i));

  it('1m -> 5m', () => {
    const out = run(new CandleAggregator('BTC/USDT', '1m', '5m'), hour);
    expect(out.length, '60 minutes make 12 five-minute bars').toBe(12);
    expect(out[0].timeframe, 'the target timeframe is stamped on the output').toBe('5m');
    expect(out[0].symbol).toBe('BTC/USDT');
    // minutes 0..4: open 100 (minute 0), high 104.5 (minute 4), low 99.5 (minute 0), close 104.25, volume 1+2+3+4+5
    expect(ohlcv(out[0]), 'bucket 00:00').toEqual([T0, T0 + 5 * MIN, 100, 104.5, 99.5, 104.25, 15]);
    // minutes 5..9: the spike at minute 7 is the high; volume 6+7+8+9+10
    expect(ohlcv(out[1]), 'bucket 00:05 carries the spike').toEqual([T0 + 5 * MIN, T0 + 10 * MIN, 105, 200, 104.5, 109.25, 40]);
    // minutes 30..34: the dip at minute 33 is the low; volume 31+32+33+34+35
    expect(ohlcv(out[6]), 'bucket 00:30 carries the dip').toEqual([T0 + 30 * MIN, T0 + 35 * MIN, 130, 134.5, 50, 134.25, 165]);
    // minutes 55..59: volume 56+57+58+59+60
    expect(ohlcv(out[11]), 'the last bucket closes with minute 59').toEqual([T0 + 55 * MIN, T0 + 60 * MIN, 155, 159.5, 154.5, 159.25, 290]);
  });

  it('1m -> 15m', () => {
    const out = run(new CandleAggregator('BTC/USDT', '1m', '15m'), hour);
    expect(out.length, 'four quarters in an hour').toBe(4);
    // minutes 0..14: volume 1..15 = 120
    expect(ohlcv(out[0])).toEqual([T0, T0 + 15 * MIN, 100, 200, 99.5, 114.25, 120]);
    // minutes 15..29: volume 16..30 = 345
    expect(ohlcv(out[1])).toEqual([T0 + 15 * MIN, T0 + 30 * MIN, 115, 129.5, 114.5, 129.25, 345]);
    // minutes 30..44: volume 31..45 = 570
    expect(ohlcv(out[2])).toEqual([T0 + 30 * MIN, T0 + 45 * MIN, 130, 144.5, 50, 144.25, 570]);
    // minutes 45..59: volume 46..60 = 795
    expect(ohlcv(out[3])).toEqual([T0 + 45 * MIN, T0 + 60 * MIN, 145, 159.5, 144.5, 159.25, 795]);
  });

  it('1m -> 1h', () => {
    const out = run(new CandleAggregator('BTC/USDT', '1m', '1h'), hour);
    // volume 1..60 = 1830
    expect(out.map(ohlcv), 'one hourly bar').toEqual([[T0, T0 + 60 * MIN, 100, 200, 50, 159.25, 1830]]);
  });

  it('emits a bucket the moment its last source candle arrives, not later', () => {
    const agg = new CandleAggregator('BTC/USDT', '1m', '5m');
    const out: Candle[] = [];
    for (let i = 0; i < 4; i++) agg.push(minute(i), (x) => out.push(x));
    expect(out.length, 'minutes 0..3 do not close the 00:00-00:05 bucket').toBe(0);
    agg.push(minute(4), (x) => out.push(x));
    expect(out.length, 'minute 4 ends exactly at 00:05: the bucket is closed').toBe(1);
  });

  it('aggregateCandles does the same over an array, and [] for no input', () => {
    expect(aggregateCandles(hour, '15m'), 'same result as pushing one by one').toEqual(run(new CandleAggregator('BTC/USDT', '1m', '15m'), hour));
    expect(aggregateCandles([], '15m')).toEqual([]);
  });
});

describe('CandleAggregator: gaps, partial buckets, ordering', () => {
  it('emits a bucket whose last minute is missing when the first candle of a later bucket arrives', () => {
    const agg = new CandleAggregator('BTC/USDT', '1m', '5m');
    const out: Candle[] = [];
    for (const i of [0, 1, 2, 3]) agg.push(minute(i), (x) => out.push(x)); // minute 4 never comes
    expect(out.length, 'without minute 4 nothing says the bucket is over yet').toBe(0);
    agg.push(minute(6), (x) => out.push(x));
    expect(out.length, 'minute 6 lies in the next bucket: the gapped one is closed').toBe(1);
    // minutes 0..3: close is minute 3's 103.25, volume 1+2+3+4
    expect(ohlcv(out[0]), 'the gapped bucket has what arrived, with the full bucket span').toEqual([T0, T0 + 5 * MIN, 100, 103.5, 99.5, 103.25, 10]);
  });

  it('emits a gapped bucket and the next one when a single candle closes both', () => {
    const agg = new CandleAggregator('BTC/USDT', '1m', '5m');
    const out: Candle[] = [];
    for (const i of [0, 1, 2]) agg.push(minute(i), (x) => out.push(x));
    // Minutes 3..8 missing; minute 9 is the last of bucket 00:05 and alone in it.
    agg.push(minute(9), (x) => out.push(x));
    expect(out.map(ohlcv), 'two buckets from one push: the gapped one, then the one minute 9 completes').toEqual([
      [T0, T0 + 5 * MIN, 100, 102.5, 99.5, 102.25, 6],
      [T0 + 5 * MIN, T0 + 10 * MIN, 109, 109.5, 108.5, 109.25, 10],
    ]);
  });

  it('skips buckets with no data at all (no invented candles)', () => {
    const out = run(new CandleAggregator('BTC/USDT', '1m', '5m'), [minute(0), minute(1), minute(2), minute(3), minute(4), minute(20), minute(21), minute(22), minute(23), minute(24)]);
    expect(out.map((c) => c.openTime), 'buckets 00:05..00:15 had no minutes and are absent').toEqual([T0, T0 + 20 * MIN]);
  });

  it('never emits the incomplete last bucket', () => {
    const out = run(new CandleAggregator('BTC/USDT', '1m', '15m'), Array.from({ length: 44 }, (_, i) => minute(i)));
    expect(out.map((c) => c.openTime), 'minutes 30..43 are an open 00:30 bucket: not a closed candle').toEqual([T0, T0 + 15 * MIN]);
  });

  it('emits a partial first bucket (data starting mid-bucket) with the bucket-aligned open time', () => {
    const out = run(new CandleAggregator('BTC/USDT', '1m', '15m'), Array.from({ length: 20 }, (_, i) => minute(i + 10)));
    // minutes 10..14 only: open 110, high 114.5, low 109.5, close 114.25, volume 11+12+13+14+15
    expect(ohlcv(out[0]), 'first bucket holds only minutes 10..14').toEqual([T0, T0 + 15 * MIN, 110, 114.5, 109.5, 114.25, 65]);
    expect(out.length, 'minutes 15..29 complete the second bucket').toBe(2);
  });

  it('throws on a candle that is not after the previous one (duplicates included), naming the series', () => {
    const agg = new CandleAggregator('BTC/USDT', '1m', '5m');
    agg.push(minute(3), () => {});
    expect(() => agg.push(minute(2), () => {}), 'out of order').toThrow(/BTC\/USDT 1m->5m.*not after/);
    expect(() => agg.push(minute(3), () => {}), 'a duplicate is not after either').toThrow(/not after/);
  });

  it('reset forgets the open bucket and the ordering guard', () => {
    const agg = new CandleAggregator('BTC/USDT', '1m', '5m');
    const out: Candle[] = [];
    agg.push(minute(0), (x) => out.push(x));
    agg.push(minute(1), (x) => out.push(x));
    agg.reset();
    for (const i of [0, 1, 2, 3, 4]) agg.push(minute(i), (x) => out.push(x));
    expect(out.map(ohlcv), 'only the post-reset bucket, not mixed with the forgotten one').toEqual([[T0, T0 + 5 * MIN, 100, 104.5, 99.5, 104.25, 15]]);
  });

  it('startAt skips source candles before a bucket start (an aggregator created mid-run)', () => {
    const agg = new CandleAggregator('BTC/USDT', '1m', '5m');
    agg.startAt(T0 + 5 * MIN);
    const out = run(agg, Array.from({ length: 10 }, (_, i) => minute(i + 2)));
    // Minutes 2..4 are the tail of a bucket it joined late: ignored. Minutes 5..9 form the first bar (volume 6..10).
    expect(out.map(ohlcv), 'only the whole 00:05 bucket').toEqual([[T0 + 5 * MIN, T0 + 10 * MIN, 105, 200, 104.5, 109.25, 40]]);
  });

  it('refuses a target that is not a multiple of the source', () => {
    expect(() => new CandleAggregator('X/Y', '2m', '5m'), '5m is not a multiple of 2m').toThrow(/not a multiple/);
    expect(() => new CandleAggregator('X/Y', '5m', '5m'), 'same timeframe: nothing to aggregate').toThrow(/not a multiple/);
    expect(() => new CandleAggregator('X/Y', '15m', '5m'), 'finer target').toThrow(/not a multiple/);
  });
});

describe('CandleAggregator.preview', () => {
  it('shows the target candle with the in-progress source candle included, without changing state', () => {
    const agg = new CandleAggregator('BTC/USDT', '1m', '5m');
    agg.push(minute(0), () => {});
    agg.push(minute(1), () => {});
    const live: Candle = { ...minute(2), high: 300, low: 99, close: 250, volume: 7 };
    const p = agg.preview(live);
    // open from minute 0, high 300 from the live candle, low min(99.5, 100.5, 99) = 99, close 250, volume 1+2+7
    expect(ohlcv(p), 'preview merges the live candle into the open bucket').toEqual([T0, T0 + 5 * MIN, 100, 300, 99, 250, 10]);
    const out: Candle[] = [];
    for (const i of [2, 3, 4]) agg.push(minute(i), (x) => out.push(x));
    expect(ohlcv(out[0]), 'the preview left no trace: the closed bucket has only real minutes').toEqual([T0, T0 + 5 * MIN, 100, 104.5, 99.5, 104.25, 15]);
  });

  it('starts a fresh bucket when the in-progress candle opens a new one', () => {
    const agg = new CandleAggregator('BTC/USDT', '1m', '5m');
    for (const i of [0, 1, 2, 3, 4]) agg.push(minute(i), () => {});
    const p = agg.preview(minute(5));
    expect(ohlcv(p), 'only the live candle is in the new 00:05 bucket').toEqual([T0 + 5 * MIN, T0 + 10 * MIN, 105, 105.5, 104.5, 105.25, 6]);
  });
});

/** The obvious batch definition: group by bucket; every group is closed except a last one not reaching its end. */
function naive(candles: readonly Candle[], targetMs: number): number[][] {
  const groups = new Map<number, Candle[]>();
  for (const c of candles) {
    const k = Math.floor(c.openTime / targetMs) * targetMs;
    const g = groups.get(k) ?? [];
    g.push(c);
    groups.set(k, g);
  }
  const keys = [...groups.keys()].sort((a, b) => a - b);
  const out: number[][] = [];
  keys.forEach((k, idx) => {
    const g = groups.get(k)!;
    const isLast = idx === keys.length - 1;
    if (isLast && g[g.length - 1].closeTime !== k + targetMs) return;
    out.push([k, k + targetMs, g[0].open, Math.max(...g.map((c) => c.high)), Math.min(...g.map((c) => c.low)), g[g.length - 1].close, g.reduce((s, c) => s + c.volume, 0)]);
  });
  return out;
}

describe('CandleAggregator property', () => {
  it('equals naive batch grouping for random gapped 1m series and targets', () => {
    const series = fc
      .record({
        startMinute: fc.integer({ min: 0, max: 2000 }),
        present: fc.array(fc.boolean(), { minLength: 1, maxLength: 400 }),
        prices: fc.array(fc.tuple(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 1000 })), { minLength: 400, maxLength: 400 }),
      })
      .map(({ startMinute, present, prices }) => {
        const out: Candle[] = [];
        present.forEach((p, i) => {
          if (!p) return;
          const [o, up, down, v] = prices[i];
          const openTime = T0 + (startMinute + i) * MIN;
          out.push({ symbol: 'S/T', timeframe: '1m', openTime, closeTime: openTime + MIN, open: o, high: o + up, low: o - down, close: o + up - down, volume: v });
        });
        return out;
      });
    fc.assert(
      fc.property(series, fc.constantFrom(['3m', 3], ['5m', 5], ['15m', 15], ['1h', 60], ['4h', 240]), (candles, [tf, n]) => {
        const got = candles.length === 0 ? [] : aggregateCandles(candles, tf as string).map(ohlcv);
        expect(got).toEqual(naive(candles, (n as number) * MIN));
      }),
      { numRuns: 300 },
    );
  });
});
