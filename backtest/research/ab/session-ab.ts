/**
 * A/B test of strategies running side by side in a paper session: the session log is replayed in backtest mode
 * (the same rebuild a resumed session does) to get each strategy's bar-by-bar equity over the live part of
 * the session (candles closing after liveFrom), and the strategies are compared exactly as `strata ab` compares
 * backtested variants. Each strategy in a session trades its own capital, so they are isolated by design.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BacktestClock } from '../../../engine/clock.ts';
import { parseStrategyConfig } from '../../../engine/config/parse.ts';
import { Engine } from '../../../engine/engine.ts';
import { StrategyManager } from '../../../engine/manager.ts';
import { contentHash } from '../../records/canonical.ts';
import { GrowableFloat64 } from '../../run/growable.ts';
import { loadStrategyModules } from '../../run/load-configs.ts';
import { LogReplayFeed } from '../../live/replay-feed.ts';
import { applyControl, loggedConfigs } from '../../live/session-manager.ts';
import { readSessionLog, sessionLogPath } from '../../live/session-log.ts';
import { AB_METHOD, compareCurves, LABELS, type AbDocument } from './ab-job.ts';

export interface SessionAbOptions {
  sessionsDir: string;
  session: string;
  /** Strategy ids in the session: the first is the control. */
  strategies: readonly string[];
  period?: string;
  alpha?: number;
  power?: number;
  seed?: number;
  resamples?: number;
  /** Where to write ab.json (default: the session folder); null to skip. */
  out?: string | null;
  /** Count bars from this close time on (default: the session's liveFrom; warm-up bars never trade). */
  from?: number;
}

/** Compares strategies of a paper session; returns the same document as `strata ab` (runId: `session:<name>`). */
export async function sessionAb(opts: SessionAbOptions): Promise<AbDocument> {
  if (opts.strategies.length < 2) throw new Error('an A/B test needs at least two strategies');
  if (opts.strategies.length > LABELS.length) throw new Error(`at most ${LABELS.length} strategies`);
  const path = sessionLogPath(opts.sessionsDir, opts.session);
  const { header, entries } = readSessionLog(path);
  const configs = header.configs.map((c, i) => parseStrategyConfig(c, `session ${header.name} config #${i}`));
  const clock = new BacktestClock();
  const manager = new StrategyManager({ modules: await loadStrategyModules([...configs, ...loggedConfigs(entries)]), clock });
  const from = opts.from ?? header.liveFrom;
  const wanted = new Map(opts.strategies.map((id, i) => [id, i]));
  const curves = opts.strategies.map(() => ({ time: new GrowableFloat64(), equity: new GrowableFloat64() }));
  const startEquity: (number | null)[] = opts.strategies.map(() => null);
  manager.events.on('equity', (e) => {
    const i = wanted.get(e.strategyId);
    if (i === undefined) return;
    if (e.time <= from) {
      startEquity[i] = e.equity; // the equity the live part starts from
      return;
    }
    curves[i].time.push(e.time);
    curves[i].equity.push(e.equity);
  });
  for (const c of configs) manager.startStrategy(c);
  await new Engine(manager, clock).run(
    new LogReplayFeed(header.series, entries, (op) => {
      try {
        applyControl(manager, op);
      } catch {
        // refused live too
      }
    }),
  );
  for (const id of opts.strategies) if (!manager.has(id)) throw new Error(`session "${opts.session}" has no strategy "${id}" (it has ${manager.list().map((s) => s.id).join(', ')})`);
  const labels = opts.strategies.map((_, i) => LABELS[i]);
  const input = opts.strategies.map((id, i) => ({ time: curves[i].time.view(), equity: curves[i].equity.view(), capital: startEquity[i] ?? manager.view(id).config.capital }));
  const period = opts.period ?? '1d';
  const alpha = opts.alpha ?? 0.05;
  const power = opts.power ?? 0.8;
  const { pr, ppy, sharpeBasis, comparisons } = compareCurves(input, labels, { period, alpha, power, seed: opts.seed, resamples: opts.resamples });
  const doc: AbDocument = {
    runId: `session:${header.name}`,
    period,
    periodsPerYear: ppy,
    sharpeBasis,
    alpha,
    power,
    method: `${AB_METHOD} Paper session: the session log replayed in backtest mode; only bars closing after ${new Date(from).toISOString()} count.`,
    variants: opts.strategies.map((id, i) => {
      const inst = manager.view(id);
      const m = inst.getMetrics().performance;
      return { label: labels[i], id, name: `${labels[i]}: ${inst.config.name ?? id}`, source: `session ${header.name}`, configHash: contentHash(inst.config), capital: input[i].capital, totalReturn: m.totalReturn, sharpe: m.sharpeRatio, sharpePerBar: m.sharpePerBar, maxDrawdown: m.maxDrawdown, trades: m.totalTrades };
    }),
    comparisons,
    series: { end: Array.from(pr.end), equity: pr.equity.map((e) => Array.from(e)) },
  };
  const out = opts.out === undefined ? join(opts.sessionsDir, opts.session, 'ab.json') : opts.out;
  if (out !== null) writeFileSync(out, JSON.stringify(doc, null, 2) + '\n');
  return doc;
}
