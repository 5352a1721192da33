import { loadColumns } from '../../backtest/run/data-source.ts';
import { iso } from '../../backtest/run/job-common.ts';
import { loadConfigs, loadStrategyModules } from '../../backtest/run/load-configs.ts';
import { checkLookahead, type LookaheadReport } from '../../backtest/research/checks/lookahead.ts';
import type { Signal } from '../../engine/types.ts';
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';
import { DATA_OPTIONS, dataRequest } from '../run-options.ts';
import { HELP } from '../help/check.ts';

export function run(argv: string[]): Promise<number> {
  return runCommand(HELP, argv, async () => {
    const [what, ...rest] = argv;
    if (what !== 'lookahead') throw new UsageError(what ? `unknown check "${what}" (available: lookahead)` : 'name a check: strata check lookahead <config> --data ...');
    const { values, positionals } = parseCommandArgs(rest, { ...DATA_OPTIONS, points: { type: 'string' }, json: { type: 'boolean' } });
    if (positionals.length === 0) throw new UsageError('give at least one strategy config file or directory');
    const points = values.points === undefined ? 5 : Number(values.points);
    if (!Number.isInteger(points) || points < 1 || points > 1000) throw new UsageError(`--points must be a whole number from 1 to 1000, got "${values.points}"`);
    const request = dataRequest(values);
    const configs = loadConfigs(positionals).map((l) => l.config);
    const modules = await loadStrategyModules(configs);
    const { inputs } = await loadColumns({ ...request, configs });
    const report = await checkLookahead({ configs, inputs, modules, from: request.from, to: request.to, points });
    if (report.cuts.length === 0) throw new Error('the data is too short to truncate (no complete bar boundary inside it)');
    if (values.json) process.stdout.write(JSON.stringify(jsonReport(report)) + '\n');
    else process.stdout.write(textReport(report));
    return report.ok ? 0 : 1;
  });
}

function jsonReport(r: LookaheadReport) {
  return {
    ok: r.ok,
    fullSignals: r.fullSignals,
    cuts: r.cuts.map((c) => ({ cut: iso(c.cut), compared: c.compared, differences: c.differences })),
  };
}

const show = (s: Signal | null) => (s === null ? '(none)' : `${iso(s.time)} ${s.action} @ ${s.price} (${s.reason}, confidence ${s.confidence})`);

function textReport(r: LookaheadReport): string {
  const lines: string[] = [];
  for (const c of r.cuts) {
    lines.push(`cut at ${iso(c.cut)}: ${c.compared} signal(s) compared, ${c.differences.length === 0 ? 'identical' : `${c.differences.length} difference(s)`}`);
    for (const d of c.differences) {
      lines.push(`  ${d.strategyId} signal #${d.index}:`, `    full data:      ${show(d.full)}`, `    truncated data: ${show(d.truncated)}`);
    }
  }
  lines.push(
    r.ok
      ? `No lookahead found: signals up to each of ${r.cuts.length} cut(s) are identical with and without the later data.`
      : 'LOOKAHEAD: some signals depend on data after them (see above).',
  );
  return lines.join('\n') + '\n';
}
