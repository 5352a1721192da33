import type { StrategyConfig } from '../../engine/config/schema.ts';
import type { AllocationSettings, PortfolioLimits, ResolvedPortfolio } from '../../engine/portfolio/config.ts';
import { initialWeights } from '../../engine/portfolio/config.ts';
import { idleOf, OrderManagementSystem } from '../../engine/portfolio/oms.ts';

/** How runBacktest runs its configs as one portfolio (a parsed portfolio config minus its strategies). */
export interface PortfolioSpec {
  capital: number;
  allocation: AllocationSettings;
  limits: PortfolioLimits;
  netting: boolean;
  /** Fixed-mode weights, one per config in order. */
  weights?: readonly (number | undefined)[];
}

export interface PortfolioSetup {
  oms: OrderManagementSystem;
  /** The configs with their capital replaced by their initial share of the portfolio capital. */
  configs: StrategyConfig[];
  idleCash: number;
  /** Registers fixed weights once the manager has given the strategies their ids. */
  afterStart(ids: readonly string[]): void;
}

/** The spec of a resolved portfolio config. */
export function portfolioSpec(p: ResolvedPortfolio, capital = p.capital): PortfolioSpec {
  const spec: PortfolioSpec = { capital, allocation: p.allocation, limits: p.limits, netting: p.netting };
  if (p.allocation.mode === 'fixed') spec.weights = p.strategies.map((s) => s.weight);
  return spec;
}

/** Builds the OMS and the capital split for a portfolio run. */
export function portfolioSetup(configs: readonly StrategyConfig[], spec: PortfolioSpec): PortfolioSetup {
  const w = initialWeights({ allocation: spec.allocation, strategies: configs.map((_, i) => ({ weight: spec.weights?.[i] })) });
  if (spec.allocation.mode === 'fixed' && w.some((x) => !(x > 0))) throw new Error('fixed allocation needs a positive weight for every strategy');
  const split = configs.map((c, i) => ({ ...c, capital: w[i] * spec.capital }));
  const allocated = split.reduce((a, c) => a + c.capital, 0);
  const oms = new OrderManagementSystem({ capital: spec.capital, allocation: spec.allocation, limits: spec.limits, netting: spec.netting });
  return {
    oms,
    configs: split,
    idleCash: idleOf(spec.capital, allocated),
    afterStart(ids) {
      if (spec.allocation.mode === 'fixed') ids.forEach((id, i) => oms.setWeight(id, w[i]));
    },
  };
}
