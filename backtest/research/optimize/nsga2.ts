/**
 * NSGA-II (Deb et al. 2002) for two or more objectives: batch 0 is a random population; each next batch is the
 * offspring of the current population, chosen by binary tournaments (lower front, then larger crowding
 * distance), recombined by simulated binary crossover (SBX, η = 20, probability 0.9, each variable with
 * probability 0.5) and perturbed by polynomial mutation (η = 20, probability 1 / parameters). The population
 * after each batch is the best `population` of the previous population and the batch (elitism), with
 * constraint domination. Unordered choices are crossed by swapping and mutated by a fresh random choice.
 * The sampler keeps no state: the population is rebuilt from the history, batch by batch.
 */
import { selectSurvivors, type Ranked } from './pareto.ts';
import type { Rng } from './prng.ts';
import { uniformPoint, type AskContext, type Observation, type Sampler } from './sampler.ts';
import type { Dimension } from './space.ts';

export interface Nsga2Options {
  crossoverProb?: number;
  etaCrossover?: number;
  etaMutation?: number;
}

interface Member {
  obs: Observation;
  rank: number;
  crowding: number;
}

const asRanked = (o: Observation): Ranked => ({ score: o.score, violation: o.violation });

/** The population after the last finished batch, with each member's front rank and crowding distance. */
export function currentPopulation(history: readonly Observation[], size: number): Member[] {
  const batches = new Map<number, Observation[]>();
  for (const o of history) {
    const b = batches.get(o.batch) ?? [];
    b.push(o);
    batches.set(o.batch, b);
  }
  let population: Observation[] = [];
  let members: Member[] = [];
  for (const b of [...batches.keys()].sort((x, y) => x - y)) {
    const pool = [...population, ...batches.get(b)!];
    const chosen = selectSurvivors(pool.map(asRanked), size);
    members = chosen.map((c) => ({ obs: pool[c.index], rank: c.rank, crowding: c.crowding }));
    population = members.map((m) => m.obs);
  }
  return members;
}

function tournament(pop: readonly Member[], rng: Rng): Member {
  const a = pop[rng.int(pop.length)];
  const b = pop[rng.int(pop.length)];
  if (a.rank !== b.rank) return a.rank < b.rank ? a : b;
  if (a.crowding !== b.crowding) return a.crowding > b.crowding ? a : b;
  return a.obs.trial <= b.obs.trial ? a : b;
}

/** SBX on one variable pair in [0, 1] (bounded form). */
function sbx(x1: number, x2: number, eta: number, rng: Rng): [number, number] {
  if (Math.abs(x1 - x2) < 1e-14) return [x1, x2];
  const lo = Math.min(x1, x2);
  const hi = Math.max(x1, x2);
  const child = (beta: number) => {
    const alpha = 2 - Math.pow(beta, -(eta + 1));
    const u = rng.uniform();
    const bq = u <= 1 / alpha ? Math.pow(u * alpha, 1 / (eta + 1)) : Math.pow(1 / (2 - u * alpha), 1 / (eta + 1));
    return bq;
  };
  const bq1 = child(1 + (2 * lo) / (hi - lo));
  const c1 = 0.5 * (lo + hi - bq1 * (hi - lo));
  const bq2 = child(1 + (2 * (1 - hi)) / (hi - lo));
  const c2 = 0.5 * (lo + hi + bq2 * (hi - lo));
  const clamp = (x: number) => Math.min(1, Math.max(0, x));
  return rng.uniform() < 0.5 ? [clamp(c1), clamp(c2)] : [clamp(c2), clamp(c1)];
}

/** Polynomial mutation of one variable in [0, 1]. */
function polynomialMutation(x: number, eta: number, rng: Rng): number {
  const u = rng.uniform();
  const d1 = x;
  const d2 = 1 - x;
  let dq: number;
  if (u < 0.5) dq = Math.pow(2 * u + (1 - 2 * u) * Math.pow(1 - d1, eta + 1), 1 / (eta + 1)) - 1;
  else dq = 1 - Math.pow(2 * (1 - u) + 2 * (u - 0.5) * Math.pow(1 - d2, eta + 1), 1 / (eta + 1));
  return Math.min(1, Math.max(0, x + dq));
}

function offspring(dims: readonly Dimension[], a: readonly number[], b: readonly number[], opts: Required<Nsga2Options>, rng: Rng): number[][] {
  const c1 = [...a];
  const c2 = [...b];
  if (rng.uniform() < opts.crossoverProb) {
    for (let k = 0; k < dims.length; k++) {
      if (rng.uniform() >= 0.5) continue;
      const d = dims[k];
      if (d.kind === 'choice' && !d.ordered) [c1[k], c2[k]] = [c2[k], c1[k]];
      else [c1[k], c2[k]] = sbx(a[k], b[k], opts.etaCrossover, rng);
    }
  }
  const pm = 1 / dims.length;
  for (const c of [c1, c2]) {
    for (let k = 0; k < dims.length; k++) {
      if (rng.uniform() >= pm) continue;
      const d = dims[k];
      c[k] = d.kind === 'choice' && !d.ordered ? rng.int(d.values.length) / Math.max(1, d.values.length - 1) : polynomialMutation(c[k], opts.etaMutation, rng);
    }
  }
  return [c1, c2];
}

/** `population`: the number of members kept between batches (the batch size is the natural choice). */
export function nsga2Sampler(population: number, options: Nsga2Options = {}): Sampler {
  const opts: Required<Nsga2Options> = { crossoverProb: options.crossoverProb ?? 0.9, etaCrossover: options.etaCrossover ?? 20, etaMutation: options.etaMutation ?? 20 };
  return {
    name: 'nsga2',
    ask(n: number, ctx: AskContext): number[][] {
      const pop = currentPopulation(ctx.history, population);
      if (pop.length < 2) return Array.from({ length: n }, () => uniformPoint(ctx.dims.length, ctx.rng));
      const out: number[][] = [];
      while (out.length < n) {
        const [c1, c2] = offspring(ctx.dims, tournament(pop, ctx.rng).obs.u, tournament(pop, ctx.rng).obs.u, opts, ctx.rng);
        out.push(c1);
        if (out.length < n) out.push(c2);
      }
      return out;
    },
  };
}
