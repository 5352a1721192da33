import { describe, expect, it } from 'vitest';
import { nsga2Sampler } from './nsga2.ts';
import { nonDominatedSort } from './pareto.ts';
import { haltonPoint, radicalInverse, randomSampler } from './random-sampler.ts';
import { parseDimension, type Dimension } from './space.ts';
import { runSynthetic } from './synthetic.ts';
import { tpeSampler } from './tpe.ts';

const unit = (path: string): Dimension => ({ kind: 'float', path, low: 0, high: 1, log: false });

describe('random sampling', () => {
  it('Halton points are the radical inverses of the index in bases 2 and 3', () => {
    expect(radicalInverse(1, 2)).toBe(0.5);
    expect(radicalInverse(3, 2)).toBe(0.75);
    expect(haltonPoint(2, 2)).toEqual([0.25, 2 / 3]);
  });
  it('the same seed gives the same trials; another seed other ones', () => {
    const dims = [unit('a'), unit('b')];
    const f = (v: unknown[]) => ({ score: [-((Number(v[0]) - 0.3) ** 2)] });
    for (const s of [randomSampler('uniform'), randomSampler('halton'), tpeSampler()]) {
      const a = runSynthetic(dims, s, f, { trials: 30, batchSize: 8, seed: 7 }).map((t) => t.values);
      const b = runSynthetic(dims, s, f, { trials: 30, batchSize: 8, seed: 7 }).map((t) => t.values);
      const c = runSynthetic(dims, s, f, { trials: 30, batchSize: 8, seed: 8 }).map((t) => t.values);
      expect(a, s.name).toEqual(b);
      expect(a, s.name).not.toEqual(c);
    }
  });
});

describe('TPE', () => {
  // A planted optimum at (0.7, 0.2) of a smooth bowl; TPE should find it far better than random search at the same budget.
  const dims = [unit('x'), unit('y')];
  const f = (v: unknown[]) => ({ score: [-((Number(v[0]) - 0.7) ** 2 + (Number(v[1]) - 0.2) ** 2)] });
  const bestOf = (trials: { score: readonly (number | null)[] }[]) => Math.max(...trials.map((t) => t.score[0]!));

  it('gets closer to a planted optimum than random search with the same 60 trials (median of 7 seeds)', () => {
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[3];
    const seeds = [1, 2, 3, 4, 5, 6, 7];
    const tpe = med(seeds.map((seed) => bestOf(runSynthetic(dims, tpeSampler(), f, { trials: 60, batchSize: 4, seed }))));
    const rnd = med(seeds.map((seed) => bestOf(runSynthetic(dims, randomSampler(), f, { trials: 60, batchSize: 4, seed }))));
    expect(tpe, 'TPE best squared distance to the optimum').toBeGreaterThan(-0.002);
    expect(tpe, 'TPE beats random by a wide margin').toBeGreaterThan(rnd / 3);
  });

  it('prefers the good choice of an unordered choice parameter', () => {
    const d: Dimension[] = [parseDimension('mode=choice:a,b,c,d'), unit('x')];
    const g = (v: unknown[]) => ({ score: [(v[0] === 'c' ? 1 : 0) - Math.abs(Number(v[1]) - 0.5)] });
    const trials = runSynthetic(d, tpeSampler(), g, { trials: 60, batchSize: 4, seed: 3 });
    const late = trials.slice(30);
    expect(late.filter((t) => t.values[0] === 'c').length, 'most late proposals pick the good choice').toBeGreaterThan(late.length / 2);
  });
});

describe('NSGA-II', () => {
  it('finds the Pareto front of ZDT1 (f2 = 1 - sqrt(f1) where x2.. = 0)', () => {
    const dims = [unit('x1'), unit('x2'), unit('x3')];
    // ZDT1 minimises f1 = x1 and f2 = g (1 - sqrt(x1 / g)), g = 1 + 9 mean(x2..); scores are negated (higher is better).
    const zdt1 = (v: unknown[]) => {
      const x = v.map(Number);
      const g = 1 + (9 * (x[1] + x[2])) / 2;
      return { score: [-x[0], -(g * (1 - Math.sqrt(x[0] / g)))] };
    };
    const trials = runSynthetic(dims, nsga2Sampler(40), zdt1, { trials: 40 * 60, batchSize: 40, seed: 11 });
    const front = nonDominatedSort(trials)[0].map((i) => trials[i]);
    const f1 = front.map((t) => -t.score[0]!);
    const f2 = front.map((t) => -t.score[1]!);
    // Generational distance to the true front, measured on f2 at the same f1.
    const gd = f1.reduce((a, x, i) => a + Math.abs(f2[i] - (1 - Math.sqrt(x))), 0) / front.length;
    expect(gd, 'mean distance of the found front from 1 - sqrt(f1)').toBeLessThan(0.01);
    expect(Math.min(...f1), 'the front reaches f1 = 0').toBeLessThan(0.02);
    expect(Math.max(...f1), 'and f1 = 1').toBeGreaterThan(0.95);
    expect(front.length, 'many distinct points on the front').toBeGreaterThan(20);
  });

  it("finds Schaffer's front x in [0, 2] and honours a constraint by constraint domination", () => {
    const dims: Dimension[] = [{ kind: 'float', path: 'x', low: -10, high: 10, log: false }];
    const schaffer = (v: unknown[]) => {
      const x = Number(v[0]);
      // Constraint: x >= 1 (violation = how far below).
      return { score: [-(x * x), -((x - 2) ** 2)], violation: Math.max(0, 1 - x) };
    };
    const trials = runSynthetic(dims, nsga2Sampler(20), schaffer, { trials: 20 * 30, batchSize: 20, seed: 5 });
    const front = nonDominatedSort(trials)[0].map((i) => trials[i]);
    const xs = front.map((t) => Number(t.values[0]));
    expect(Math.min(...xs), 'no infeasible point on the front').toBeGreaterThanOrEqual(1);
    expect(Math.max(...xs), 'front inside the Pareto set [0, 2]').toBeLessThanOrEqual(2.01);
    expect(Math.min(...xs), 'front reaches the constraint boundary').toBeLessThan(1.05);
    expect(Math.max(...xs), 'front reaches x = 2').toBeGreaterThan(1.95);
  });
});
