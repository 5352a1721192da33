import { OptimizeSpecError, type OptimizeSpec } from '../../backtest/research/optimize/settings.ts';
import type { OptimizeJobResult } from '../../backtest/research/optimize/optimize-job.ts';
import { buildSettings, DEFAULT_PRUNE, ParamSpecError } from '../../backtest/research/optimize/settings.ts';
import { RuleError } from '../../engine/rules/errors.ts';
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';
import { ProgressBar } from '../progress.ts';
import { DATA_OPTIONS, RUN_OUTPUT_OPTIONS, dataRequest, parseCapital, parseDuration, parseWorkers } from '../run-options.ts';
import { executorOptions, withInterrupt } from './sweep.ts';
import { HELP } from '../help/optimize.ts';

const SEARCHES = ['random', 'tpe', 'nsga2'] as const;

function whole(name: string, text: string | undefined, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number >= ${min}, got "${text}"`);
  return n;
}

function fraction(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`--${name} must be a positive number, got "${text}"`);
  return n;
}

export function run(argv: string[]): Promise<number> {
  return runCommand(HELP, argv, async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      ...DATA_OPTIONS,
      ...RUN_OUTPUT_OPTIONS,
      param: { type: 'string', multiple: true },
      condition: { type: 'string', multiple: true },
      objective: { type: 'string', multiple: true },
      constraint: { type: 'string', multiple: true },
      search: { type: 'string' },
      sampling: { type: 'string' },
      trials: { type: 'string' },
      seed: { type: 'string' },
      batch: { type: 'string' },
      workers: { type: 'string' },
      prune: { type: 'boolean' },
      'prune-margin': { type: 'string' },
      checkpoints: { type: 'string' },
      'prune-drawdown': { type: 'string' },
      walkforward: { type: 'boolean' },
      train: { type: 'string' },
      test: { type: 'string' },
      step: { type: 'string' },
      top: { type: 'string' },
      executor: { type: 'string' },
      'shared-data': { type: 'string' },
      attempts: { type: 'string' },
      'queue-name': { type: 'string' },
      resume: { type: 'string' },
    });
    const json = values.json === true;
    // --batch here is the proposal batch, not the sweep's combinations per job.
    const executor = executorOptions({ ...values, batch: undefined });
    if (values.resume !== undefined) {
      if (!executor) throw new UsageError('--resume needs --executor (the queue the run is on)');
      const { resumeQueuedOptimize } = await import('../../backtest/research/optimize/queue-coordinator.ts');
      const job = await withInterrupt(executor, (ex) => resumeQueuedOptimize(values.resume!, ex, { resultsDb: values['no-register'] ? null : values['results-db'] }), json);
      return report(job, json, whole('top', values.top, 10, 0));
    }
    if (positionals.length !== 1) throw new UsageError('give exactly one strategy config file');
    if (!values.param?.length) throw new UsageError('give at least one --param PATH=SPACE');
    const search = (values.search ?? 'tpe') as OptimizeSpec['search'];
    if (!SEARCHES.includes(search)) throw new UsageError(`--search must be one of ${SEARCHES.join(', ')}, got "${values.search}"`);
    const sampling = values.sampling ?? 'uniform';
    if (sampling !== 'uniform' && sampling !== 'halton') throw new UsageError(`--sampling must be uniform or halton, got "${sampling}"`);
    const spec: OptimizeSpec = {
      params: values.param,
      conditions: values.condition ?? [],
      objectives: values.objective ?? [],
      constraints: values.constraint ?? [],
      search,
      sequence: sampling,
      trials: whole('trials', values.trials, 100),
      seed: whole('seed', values.seed, 1, 0),
      batchSize: values.batch === undefined ? undefined : whole('batch', values.batch, 1),
      prune: {
        ...DEFAULT_PRUNE,
        median: values.prune === true,
        margin: fraction('prune-margin', values['prune-margin']) ?? DEFAULT_PRUNE.margin,
        checkpoints: whole('checkpoints', values.checkpoints, DEFAULT_PRUNE.checkpoints),
        maxDrawdown: fraction('prune-drawdown', values['prune-drawdown']) ?? null,
      },
    };
    try {
      buildSettings(spec);
    } catch (err) {
      if (err instanceof RuleError || err instanceof ParamSpecError || err instanceof OptimizeSpecError) throw new UsageError(err.message);
      throw err;
    }
    if (!values.walkforward && (values.train || values.test || values.step)) throw new UsageError('--train, --test and --step need --walkforward');
    const walkforward = values.walkforward ? { train: parseDuration('train', values.train), test: parseDuration('test', values.test), step: values.step === undefined ? undefined : parseDuration('step', values.step) } : undefined;
    const workers = parseWorkers(values.workers);
    if (executor && workers !== undefined) throw new UsageError('--workers is for local runs; with --executor, start workers with strata worker --concurrency N');
    const request = {
      configPath: positionals[0],
      data: dataRequest(values),
      spec,
      walkforward,
      workers,
      capital: parseCapital(values.capital),
      outDir: values.out,
      resultsDb: values['no-register'] ? null : values['results-db'],
      command: ['strata', 'optimize', ...argv].join(' '),
    };
    const { runOptimizeJob } = await import('../../backtest/research/optimize/optimize-job.ts');
    const total = spec.trials;
    const bar = json ? null : new ProgressBar('optimize', 'trials', total);
    const onProgress = bar ? (n: number, t: number) => bar.update(Math.round((n / t) * total)) : undefined;
    const job = executor ? await withInterrupt(executor, (ex) => runOptimizeJob({ ...request, executor: ex, onProgress }), json) : await runOptimizeJob({ ...request, onProgress });
    bar?.done(total);
    return report(job, json, whole('top', values.top, 10, 0));
  });
}

const fmt = (x: unknown, d = 4) => (typeof x === 'number' ? Number(x.toPrecision(d)).toString() : '-');

/** The findings, the best trials and where the files are. */
function report(job: OptimizeJobResult, json: boolean, top: number): number {
  const doc = job.document as { findings: string[]; objectives: { text: string }[]; overfit: { likely: boolean }; recommendation: { params: Record<string, unknown> } | null };
  if (json) {
    process.stdout.write(JSON.stringify({ runId: job.runId, outDir: job.outDir, ...job.document }) + '\n');
    return 0;
  }
  const last = job.study.windows[job.study.windows.length - 1];
  const s = job.study.analysis;
  const paths = Object.keys(s.recommended?.params ?? s.best?.params ?? {});
  const rows = last.trials.filter((t) => t.status === 'ok' && t.objectives[0] !== null);
  const dir = (doc.objectives[0] as { direction?: string }).direction === 'minimize' ? 1 : -1;
  rows.sort((a, b) => dir * (a.objectives[0]! - b.objectives[0]!) || a.trial - b.trial);
  const header = ['Trial', ...paths, ...doc.objectives.map((o) => o.text), 'Sharpe', 'Sharpe/bar', 'Return', 'Max DD', 'Trades'];
  const body = rows.slice(0, top).map((t) => {
    const p = t.metrics!.performance;
    return [String(t.trial), ...t.values.map(String), ...t.objectives.map((v) => fmt(v)), p.sharpeRatio === null ? '–' : fmt(p.sharpeRatio, 3), p.sharpePerBar === null ? '–' : fmt(p.sharpePerBar, 3), fmt(p.totalReturn, 3), fmt(p.maxDrawdown, 3), String(p.totalTrades)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  const reason = rows.map((t) => t.metrics?.annualisation).find((a) => a?.applied === false)?.reason;
  process.stdout.write([line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line), 'Sharpe/bar: mean / sd of per-bar returns, not annualised', ...(reason ? [`Sharpe –: ${reason}`] : [])].join('\n') + '\n\n');
  for (const f of doc.findings) process.stdout.write(`${f}\n`);
  if (job.study.decay) {
    const d = job.study.decay;
    process.stdout.write(`Walk-forward: ${d.windows} window(s); mean in-sample ${fmt(d.meanInSample)}, out-of-sample ${fmt(d.meanOutOfSample)}, efficiency ${d.efficiency === null ? '-' : `${(d.efficiency * 100).toFixed(0)}%`}.\n`);
  }
  process.stdout.write(`Run ${job.runId} written to ${job.outDir}${doc.recommendation ? ' (recommended-config.json holds the recommended config)' : ''}\n`);
  return 0;
}
