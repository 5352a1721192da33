import { describe, expect, it } from 'vitest';
import { compileRule, validateRule } from './compile.ts';
import { makeScope, tradingScope } from './test-scope.ts';

const P = 'rules.entry.condition';

/** Compiles `text` over a scope with values a, b, c and returns one test() result. */
function once(text: string, values: Record<string, number> = {}): boolean {
  const { scope } = makeScope({ a: 1, b: 2, c: 3, ...values });
  return compileRule(text, scope, P).test();
}

/** Runs a rule over bars (each bar sets some values) and returns the 0-based bars where it was true. */
function firing(text: string, bars: Record<string, number>[], initial: Record<string, number>): number[] {
  const { values, scope } = makeScope(initial);
  const rule = compileRule(text, scope, P);
  const hits: number[] = [];
  bars.forEach((bar, i) => {
    Object.assign(values, bar);
    if (rule.test()) hits.push(i);
  });
  return hits;
}

describe('compileRule: values and comparisons', () => {
  it('evaluates every comparison operator', () => {
    expect([once('a < b'), once('b < a'), once('a < a')]).toEqual([true, false, false]);
    expect([once('a <= b'), once('a <= a'), once('b <= a')]).toEqual([true, true, false]);
    expect([once('b > a'), once('a > b'), once('a > a')]).toEqual([true, false, false]);
    expect([once('b >= a'), once('a >= a'), once('a >= b')]).toEqual([true, true, false]);
    expect([once('a == 1'), once('a == b')]).toEqual([true, false]);
    expect([once('a != b'), once('a != 1')]).toEqual([true, false]);
  });

  it('does arithmetic with the usual precedence', () => {
    expect(once('a + b * c == 7'), '2*3 first').toBe(true);
    expect(once('(a + b) * c == 9')).toBe(true);
    expect(once('c - b - a == 0'), 'left-associative minus').toBe(true);
    expect(once('c / b / 2 == 0.75'), 'left-associative division').toBe(true);
    expect(once('-a * -b == 2')).toBe(true);
    expect(once('a - -1 == 2')).toBe(true);
    expect(once('1e-3 * 1000 == a')).toBe(true);
  });

  it('reads dotted names and the usual candle fields', () => {
    const { values, scope } = tradingScope();
    const rule = compileRule('close > bb.upper * 1.01 AND volume >= 1000', scope, P);
    values.close = 12.1;
    expect(rule.test(), '12.1 > 12.12 is false').toBe(false);
    values.close = 12.2;
    expect(rule.test()).toBe(true);
  });

  it('gives false for every comparison with NaN, including !=', () => {
    for (const op of ['<', '<=', '>', '>=', '==', '!=']) {
      expect(once(`a ${op} 1`, { a: NaN }), `NaN ${op} 1`).toBe(false);
      expect(once(`1 ${op} a`, { a: NaN }), `1 ${op} NaN`).toBe(false);
    }
    expect(once('NOT a > 1', { a: NaN }), 'NOT negates the false comparison').toBe(true);
  });

  it('turns division by zero into NaN, so comparisons on it are false', () => {
    expect(once('a / 0 > 0'), '1/0 would be Infinity in JS').toBe(false);
    expect(once('a / 0 < 0')).toBe(false);
    expect(once('a / (b - 2) != 0'), 'division by a zero-valued expression').toBe(false);
    expect(once('0 / 0 == 0')).toBe(false);
  });

  it('combines booleans, and reads literals in any case', () => {
    expect(once('true')).toBe(true);
    expect(once('FALSE')).toBe(false);
    expect(once('a < b AND b < c')).toBe(true);
    expect(once('a > b OR b < c')).toBe(true);
    expect(once('a > b OR b > c')).toBe(false);
    expect(once('true OR false AND false'), 'AND binds tighter').toBe(true);
    expect(once('(true OR false) AND false')).toBe(false);
    expect(once('NOT false AND false'), 'NOT binds tighter than AND').toBe(false);
    expect(once('! (a > b) && b < c || false')).toBe(true);
  });

  it('reads the scope live: the same compiled rule follows changing values', () => {
    const { values, scope } = makeScope({ rsi: 50 });
    const rule = compileRule('rsi < 70', scope, P);
    expect(rule.test()).toBe(true);
    values.rsi = 75;
    expect(rule.test()).toBe(false);
    expect(rule.source).toBe('rsi < 70');
  });
});

describe('compileRule: crossings', () => {
  // Bar:        0    1  2  3  4  5  6  7  8  9
  const a = [NaN, 1, 4, 4, 3, 3, 5, 2, 3, 4];
  const bars = a.map((x) => ({ x }));

  it('crosses_above fires exactly on the bars where a goes from <= b to > b', () => {
    expect(firing('crosses_above(x, 3)', bars, { x: NaN })).toEqual([2, 6, 9]);
  });

  it('crosses_below is the mirror image', () => {
    expect(firing('crosses_below(x, 3)', bars, { x: NaN })).toEqual([7]);
    expect(firing('crosses_below(3, x)', bars, { x: NaN }), 'swapping operands swaps the direction').toEqual([2, 6, 9]);
  });

  it('does not fire on touching or staying equal', () => {
    const touch = [2, 3, 3, 2, 3, 2].map((x) => ({ x }));
    expect(firing('crosses_above(x, 3)', touch, { x: NaN })).toEqual([]);
    expect(firing('crosses_below(x, 3)', [4, 3, 3, 4].map((x) => ({ x })), { x: NaN })).toEqual([]);
  });

  it('is false while either side is NaN, now or on the previous bar', () => {
    const warmup = [
      { x: 1, y: NaN }, // b not ready
      { x: 5, y: 3 }, // previous b was NaN: no crossing
      { x: 1, y: 3 },
      { x: 5, y: NaN }, // current b NaN
      { x: 5, y: 3 }, // previous b NaN again
      { x: 1, y: 3 },
      { x: 5, y: 3 }, // a real crossing
    ];
    expect(firing('crosses_above(x, y)', warmup, { x: NaN, y: NaN })).toEqual([6]);
  });

  it('compares expressions of both series', () => {
    const series = [{ x: 1, y: 1 }, { x: 3, y: 1 }, { x: 3, y: 2 }, { x: 5, y: 2 }];
    expect(firing('crosses_above(x - y, 1)', series, { x: 0, y: 0 })).toEqual([1, 3]);
  });

  it('keeps crossing memory even when the result does not depend on it (no short-circuit)', () => {
    const series = [
      { x: 1, on: 1 }, // left side of OR already true
      { x: 5, on: 0 }, // the crossing must have seen x = 1 on the previous bar
    ];
    expect(firing('on == 1 OR crosses_above(x, 3)', series, { x: NaN, on: 0 })).toEqual([0, 1]);
    expect(firing('on == 0 AND crosses_above(x, 3)', series, { x: NaN, on: 0 })).toEqual([1]);
  });

  it('gives each occurrence its own memory', () => {
    expect(firing('crosses_above(x, 3) AND crosses_above(x, 3)', bars, { x: NaN })).toEqual([2, 6, 9]);
  });
});

describe('compileRule: named events', () => {
  it('expands macd_crossover_bullish / bearish through the scope', () => {
    const { values, scope } = tradingScope();
    const bull = compileRule('macd_crossover_bullish AND rsi < 70', scope, P);
    const bear = compileRule('macd_crossover_bearish OR rsi > 80', scope, P);
    const line = [-1, -0.5, 0.5, 1, 0.2, -0.3];
    const bullHits: number[] = [];
    const bearHits: number[] = [];
    line.forEach((l, i) => {
      values['macd.line'] = l;
      values['macd.signal'] = 0;
      values.rsi = i === 5 ? 85 : 50;
      if (bull.test()) bullHits.push(i);
      if (bear.test()) bearHits.push(i);
    });
    expect(bullHits, 'line crosses above signal at bar 2').toEqual([2]);
    expect(bearHits, 'line crosses below at bar 5 (also rsi > 80 there)').toEqual([5]);
  });

  it('accepts numeric expressions as event operands', () => {
    const { values, scope } = tradingScope();
    const rule = compileRule('macd_histogram_positive', scope, P);
    const hits = [-1, 0, 1, 2, -1, 3].filter((h) => {
      values['macd.histogram'] = h;
      return rule.test();
    });
    expect(hits, 'from 0 to 1 and from -1 to 3').toEqual([1, 3]);
  });

  it('prefers a value over an event of the same name', () => {
    const { scope } = makeScope({ x: 1 }, { x: { a: 'x', b: '0', direction: 'above' } });
    expect(validateRule('x > 0', scope, P)).toBeNull();
  });
});

describe('CompiledRule.support', () => {
  it('is the fraction of atoms that held at the last test()', () => {
    const { values, scope } = makeScope({ a: 1, b: 2, c: 3, x: NaN });
    const rule = compileRule('a < b AND b > c OR crosses_above(x, 0)', scope, P);
    expect(rule.support(), 'nothing tested yet').toBe(0);
    rule.test();
    expect(rule.support(), 'one of three atoms').toBeCloseTo(1 / 3, 12);
    values.c = 1;
    expect(rule.test()).toBe(true);
    expect(rule.support()).toBeCloseTo(2 / 3, 12);
    values.x = -1;
    rule.test();
    values.x = 1;
    rule.test();
    expect(rule.support(), 'all three, the crossing included').toBe(1);
  });

  it('counts an atom under NOT when it is false, since it then speaks for the rule', () => {
    const { values, scope } = makeScope({ rsi: 50, a: 1 });
    const rule = compileRule('NOT rsi > 80 AND a > 0', scope, P);
    expect(rule.test()).toBe(true);
    expect(rule.support()).toBe(1);
    values.rsi = 90;
    rule.test();
    expect(rule.support()).toBe(0.5);
    expect(compileRule('NOT NOT a > 0', scope, P).test() && true).toBe(true);
  });

  it('is 1 or 0 for rules without atoms', () => {
    const { scope } = makeScope({});
    const t = compileRule('true OR false', scope, P);
    t.test();
    expect(t.support()).toBe(1);
    const f = compileRule('NOT true', scope, P);
    f.test();
    expect(f.support()).toBe(0);
  });
});

describe('compileRule speed (informal)', () => {
  it('evaluates a typical rule 1e6 times without trouble', () => {
    const { values, scope } = tradingScope();
    const rule = compileRule('macd_crossover_bullish AND rsi < 70 AND close > bb.upper * 1.01', scope, P);
    const began = process.hrtime.bigint();
    let fired = 0;
    for (let i = 0; i < 1_000_000; i++) {
      values['macd.line'] = (i % 7) - 3;
      values.close = 12 + (i % 3);
      values.rsi = 40 + (i % 50);
      if (rule.test()) fired++;
    }
    const ns = Number(process.hrtime.bigint() - began) / 1e6;
    console.info(`rule.test(): ${ns.toFixed(1)} ns per call (informal)`);
    expect(fired, 'the pattern repeats, so the rule fires regularly').toBeGreaterThan(0);
  });
});
