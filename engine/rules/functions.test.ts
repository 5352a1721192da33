import { describe, expect, it } from 'vitest';
import { compileRule, compileValue } from './compile.ts';
import { makeScope } from './test-scope.ts';

// A fixed series with a NaN gap at bars 12-13 (an input still warming up or a division by zero), prices far
// from 0 so cancellation would show, and a flat stretch at 30-35.
const X: number[] = [];
for (let i = 0; i < 40; i++) X.push(i === 12 || i === 13 ? NaN : i >= 30 && i <= 35 ? 50_000.1 : 50_000 + 37 * Math.sin(i * 1.7) + (i % 5));

/** Feeds X bar by bar to `expression` over `x` and returns its value per bar. */
function run(expression: string, series: readonly number[] = X): number[] {
  const { values, scope } = makeScope({ x: NaN, y: NaN });
  const compiled = compileValue(expression, scope, 'v');
  return series.map((v) => {
    values.x = v;
    return compiled.value();
  });
}

/** The last n inputs up to bar i, or null while fewer than n bars exist or any of them is NaN (spreadsheet-style). */
function window(i: number, n: number, series: readonly number[] = X): number[] | null {
  if (i + 1 < n) return null;
  const w = series.slice(i + 1 - n, i + 1);
  return w.some(Number.isNaN) ? null : w;
}

function expectSeries(actual: number[], expected: number[], what: string, digits = 9): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    if (Number.isNaN(expected[i])) expect(a, `${what} at bar ${i} is not ready`).toBeNaN();
    else expect(a, `${what} at bar ${i}`).toBeCloseTo(expected[i], digits);
  });
}

describe('window functions against hand-computed windows', () => {
  it.each([3, 5, 1])('highest, lowest, sma, stdev over %i bars', (n) => {
    const by = (f: (w: number[]) => number) => X.map((_, i) => { const w = window(i, n); return w === null ? NaN : f(w); });
    const mean = (w: number[]) => w.reduce((s, v) => s + v, 0) / w.length;
    const sd = (w: number[]) => Math.sqrt(w.reduce((s, v) => s + (v - mean(w)) ** 2, 0) / w.length);
    expectSeries(run(`highest(x, ${n})`), by((w) => Math.max(...w)), `highest(x, ${n})`);
    expectSeries(run(`lowest(x, ${n})`), by((w) => Math.min(...w)), `lowest(x, ${n})`);
    expectSeries(run(`sma(x, ${n})`), by(mean), `sma(x, ${n})`);
    expectSeries(run(`stdev(x, ${n})`), by(sd), `stdev(x, ${n}) (population)`, 7);
  });

  it('stdev of a flat window is exactly 0, and of two values their half-distance', () => {
    expect(run('stdev(x, 4)')[35], 'bars 32..35 are all 50000.1').toBe(0);
    expect(run('stdev(x, 2)', [1, 3, 3, 7])).toEqual([NaN, 1, 0, 2]);
  });

  it('ema seeds with the SMA of its first n inputs (TA-Lib), then x * k + ema * (1 - k), and restarts after a NaN', () => {
    const n = 4;
    const k = 2 / (n + 1);
    const expected: number[] = [];
    let ema = NaN;
    let run0 = 0;
    X.forEach((v, i) => {
      if (Number.isNaN(v)) { run0 = 0; ema = NaN; expected.push(NaN); return; }
      run0++;
      if (run0 < n) expected.push(NaN);
      else if (run0 === n) { ema = window(i, n)!.reduce((s, w) => s + w, 0) / n; expected.push(ema); }
      else { ema = (v - ema) * k + ema; expected.push(ema); }
    });
    expect(expected[3], 'first value at bar n - 1').toBeCloseTo((X[0] + X[1] + X[2] + X[3]) / 4, 9);
    expect(expected.slice(14, 17).every(Number.isNaN), 'reseeded from bar 14: ready at 17').toBe(true);
    expectSeries(run('ema(x, 4)'), expected, 'ema(x, 4)');
  });

  it('lookback, change and pct_change read the value n bars ago, NaN until that bar exists', () => {
    const ago = (n: number) => X.map((_, i) => (i >= n ? X[i - n] : NaN));
    expectSeries(run('x[2]'), ago(2), 'x[2]');
    expectSeries(run('x[0]'), X, 'x[0] is x');
    expectSeries(run('change(x, 3)'), X.map((v, i) => v - ago(3)[i]), 'change(x, 3)');
    expectSeries(run('pct_change(x, 1)'), X.map((v, i) => (v - ago(1)[i]) / ago(1)[i]), 'pct_change(x, 1)');
    expect(run('pct_change(x, 1)', [0, 5, 10]), 'from 0 is NaN, never Infinity').toEqual([NaN, NaN, 1]);
    expect(run('x[1][2]', [1, 2, 3, 4, 5]), 'lookbacks add up').toEqual([NaN, NaN, NaN, 1, 2]);
  });

  it('lookback applies to functions and parenthesised expressions', () => {
    const hi = run('highest(x, 3)');
    expectSeries(run('highest(x, 3)[1]'), hi.map((_, i) => (i >= 1 ? hi[i - 1] : NaN)), 'highest(x, 3)[1]');
    expect(run('(x - 1)[2] * 10', [1, 2, 3, 4])).toEqual([NaN, NaN, 0, 10]);
    expect(run('-x[1]', [1, 2]), 'lookback binds tighter than unary minus').toEqual([NaN, -1]);
  });

  it('abs, min and max are per-bar, with NaN staying NaN', () => {
    expect(run('abs(x - 3)', [1, 5, NaN])).toEqual([2, 2, NaN]);
    expect(run('min(x, 2) + max(x, 2)', [1, 5, NaN])).toEqual([3, 7, NaN]);
  });
});

describe('bars_since, rising, falling', () => {
  it('bars_since counts bars since the condition last held: 0 on the bar itself, NaN before it ever held', () => {
    const series = [1, 5, 2, 3, 6, 1, 1];
    expect(run('bars_since(x > 4)', series)).toEqual([NaN, 0, 1, 2, 0, 1, 2]);
    expect(run('bars_since(crosses_above(x, 4))', series), 'crossings work inside').toEqual([NaN, 0, 1, 2, 0, 1, 2]);
    expect(run('bars_since(x > 100)', series).every(Number.isNaN), 'never held').toBe(true);
  });

  it('rising(x, n) holds after n strictly higher closes in a row; falling mirrors it; equal or NaN breaks the run', () => {
    const series = [1, 2, 3, 3, 4, 5, 6, NaN, 7, 8];
    const rising = (n: number) => {
      const { values, scope } = makeScope({ x: NaN });
      const rule = compileRule(`rising(x, ${n})`, scope, 'r');
      return series.map((v) => { values.x = v; return rule.test(); });
    };
    expect(rising(2)).toEqual([false, false, true, false, false, true, true, false, false, false]);
    expect(rising(1)).toEqual([false, true, true, false, true, true, true, false, false, true]);
    const { values, scope } = makeScope({ x: NaN });
    const falling = compileRule('falling(x, 2)', scope, 'r');
    expect([5, 4, 3, 3, 2, 1].map((v) => { values.x = v; return falling.test(); })).toEqual([false, false, true, false, false, true]);
  });
});

describe('rule state advances once per test()', () => {
  it('windows inside an AND whose left side is false still see every bar', () => {
    const { values, scope } = makeScope({ x: NaN, gate: 0 });
    const gated = compileRule('gate > 0 AND x > highest(x, 3)[1]', scope, 'r');
    const plain = compileRule('x > highest(x, 3)[1]', scope, 'r');
    const out: boolean[][] = [];
    [1, 2, 3, 4, 2, 9].forEach((v, i) => {
      values.x = v;
      values.gate = i === 5 ? 1 : 0;
      out.push([gated.test(), plain.test()]);
    });
    expect(out.map((o) => o[1]), 'breakouts at bars 3 and 5').toEqual([false, false, false, true, false, true]);
    expect(out[5][0], 'the gated rule kept its window while the gate was shut').toBe(true);
  });

  it('two compilations of one rule give the same answers bar by bar (no shared state, deterministic)', () => {
    const { values, scope } = makeScope({ x: NaN });
    const text = 'sma(x, 3) > ema(x, 5) AND stdev(x, 4) < 20 OR bars_since(rising(x, 2)) == 1';
    const a = compileRule(text, scope, 'r');
    const answers: boolean[] = [];
    for (const v of X) { values.x = v; answers.push(a.test()); }
    const b = compileRule(text, scope, 'r');
    X.forEach((v, i) => { values.x = v; expect(b.test(), `bar ${i}`).toBe(answers[i]); });
  });

  it('depth is the number of earlier bars a rule reads, computed at compile time', () => {
    const { scope } = makeScope({ close: 1, high: 1, low: 1, open: 1 });
    const depth = (text: string) => compileRule(text, scope, 'r').depth;
    expect(depth('close > open')).toBe(0);
    expect(depth('close > highest(high, 20)[1]'), 'window of 20 (19 earlier bars) one bar back').toBe(20);
    expect(depth('crosses_above(close, sma(close, 10))'), '9 for the sma, 1 for the crossing').toBe(10);
    expect(depth('rising(close, 3) OR change(close[2], 5) > 0'), 'rising reads 3, change(x[2], 5) 7').toBe(7);
    expect(depth('bars_since(close[4] > open) < 3')).toBe(4);
  });
});
