import { DEFAULT_RESULTS_DB, ResultsDb } from '../../backtest/records/results-db.ts';
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';
import { formatPercent } from '../../engine/format.ts';

const HELP = `Usage: strata runs list [--limit N] [--json] [--results-db PATH]
       strata runs show <run-id or unique prefix> [--json] [--results-db PATH]

Lists and shows runs registered in the results database (default ${DEFAULT_RESULTS_DB}).`;

const pct = (x: unknown) => formatPercent(x, { missing: '-' });
const num = (x: unknown) => (typeof x === 'number' ? x.toFixed(2) : '-');

export function run(argv: string[]): Promise<number> {
  return runCommand(HELP, argv, async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      limit: { type: 'string' },
      json: { type: 'boolean' },
      'results-db': { type: 'string' },
    });
    const [sub, id] = positionals;
    const path = values['results-db'] ?? DEFAULT_RESULTS_DB;
    if (sub === 'list') {
      const rows = await ResultsDb.with(path, (db) => db.listRuns(values.limit ? Number(values.limit) : 50));
      if (values.json) process.stdout.write(JSON.stringify(rows) + '\n');
      else if (rows.length === 0) process.stdout.write('no runs yet (run `strata backtest ...`)\n');
      else
        for (const r of rows) {
          process.stdout.write(`${String(r.run_id).padEnd(28)} ${String(r.kind).padEnd(9)} ${String(r.strategies).padStart(3)} strategies  return ${pct(r.total_return).padStart(8)}  sharpe ${num(r.sharpe).padStart(6)}  ${r.out_dir}\n`);
        }
      return 0;
    }
    if (sub === 'show') {
      if (!id) throw new UsageError('runs show needs a run id');
      const found = await ResultsDb.with(path, (db) => db.getRun(id));
      if (!found) throw new Error(`no run "${id}" in ${path}`);
      if (values.json) {
        process.stdout.write(JSON.stringify(found) + '\n');
        return 0;
      }
      const r = found.run;
      process.stdout.write(`Run ${r.run_id} (${r.kind}, ${r.created_at})\n  folder: ${r.out_dir}\n  command: ${r.command}\n  data: ${r.data_from} .. ${r.data_to}, ${r.candles} candles, hash ${r.data_hash}\n\n`);
      for (const s of found.strategies) {
        process.stdout.write(`  ${String(s.strategy_id).padEnd(24)} ${s.symbol} ${s.timeframe}  return ${pct(s.total_return)}  sharpe ${num(s.sharpe)}  max dd ${pct(s.max_drawdown)}  trades ${s.trades}\n`);
      }
      return 0;
    }
    throw new UsageError(sub ? `unknown runs subcommand "${sub}"` : 'runs needs a subcommand: list or show');
  });
}
