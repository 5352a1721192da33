import { MetricsTracker } from '../../engine/metrics/tracker.ts';
import { portfolioAnalytics, type PortfolioAnalytics } from '../../engine/portfolio/analytics.ts';
import { EquitySampler } from '../../engine/portfolio/sampler.ts';
import { GrowableFloat64 } from './growable.ts';

/**
 * The portfolio's equity, sampled once per bar group: the idle cash plus every strategy's latest equity, summed
 * in strategy order. Summing afresh in a fixed order (not adding each change to a running total) makes the
 * numbers independent of the order the strategies' equity events came in, so a run split over worker threads
 * gives the same total, bit for bit, as one thread.
 */
export class PortfolioCurve {
  readonly tracker: MetricsTracker;
  readonly initialTotal: number;
  private readonly sampler: EquitySampler;
  private readonly time = new GrowableFloat64();
  private readonly equity = new GrowableFloat64();
  private readonly drawdown = new GrowableFloat64();

  constructor(
    ids: readonly string[],
    capitals: ArrayLike<number>,
    private readonly idle: number,
    periodsPerYear: number,
    basis: string,
    private readonly step: number,
  ) {
    this.initialTotal = this.sum(capitals);
    this.sampler = new EquitySampler(ids, capitals, idle);
    this.tracker = new MetricsTracker(this.initialTotal, periodsPerYear, basis);
  }

  private sum(latest: ArrayLike<number>): number {
    let total = this.idle;
    for (let i = 0; i < latest.length; i++) total += latest[i];
    return total;
  }

  /** One sample at bar-group time `t`, given every strategy's latest equity. */
  onSample(t: number, latest: ArrayLike<number>): void {
    const total = this.sum(latest);
    this.sampler.onTime(t, latest);
    const tracker = this.tracker;
    tracker.onBar(total, false, tracker.bars === 0 ? t - this.step : t, t);
    this.time.push(t);
    this.equity.push(total);
    this.drawdown.push(tracker.drawdown);
  }

  finish(): { analytics: PortfolioAnalytics; curve: { time: Float64Array; equity: Float64Array; drawdown: Float64Array } } {
    return { analytics: portfolioAnalytics(this.sampler.finish()), curve: { time: this.time.view(), equity: this.equity.view(), drawdown: this.drawdown.view() } };
  }
}
