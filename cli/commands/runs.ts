import { existsSync } from 'node:fs';
import { hasPending } from '../../backtest/records/pending-runs.ts';
import { reindexRuns } from '../../backtest/records/reindex.ts';
import { DEFAULT_RESULTS_DB, ResultsDb } from '../../backtest/records/results-db.ts';
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';
import { HELP } from '../help/runs.ts';
import { formatPercent } from '../../engine/format.ts';

const pct = (x: unknown) => formatPercent(x, { missing: '-' });
const num = (x: unknown) => (typeof x === 'number' ? x.toFixed(2) : '-');

export function run(argv: string[]): Promise<number> {
  return runCommand(HELP, argv, async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      limit: { type: 'string' },
      json: { type: 'boolean' },
      'results-db': { type: 'string' },
      'runs-dir': { type: 'string' },
    });
    const [sub, id] = positionals;
    const path = values['results-db'] ?? DEFAULT_RESULTS_DB;
    if (sub === 'reindex') {
      const r = await reindexRuns(path, values['runs-dir'] ?? 'runs');
      if (values.json) process.stdout.write(JSON.stringify(r) + '\n');
      else {
        process.stdout.write(`registered ${r.registered.length} run(s) from ${values['runs-dir'] ?? 'runs'} into ${path}\n`);
        for (const s of r.skipped) process.stdout.write(`skipped ${s}: no registration.json (a run folder written before folders kept one)\n`);
        for (const o of r.orphans) process.stdout.write(`kept ${o.runId}: registered, but its folder ${o.outDir} is gone\n`);
      }
      return 0;
    }
    // Readers open read-only (they never block a writer for long); runs left pending are registered first.
    const read = async <T>(body: (db: ResultsDb) => Promise<T>): Promise<T | null> => {
      if (hasPending(path)) await ResultsDb.with(path, async () => undefined);
      if (!existsSync(path)) return null;
      return ResultsDb.with(path, body, { readOnly: true });
    };
    if (sub === 'list') {
      const rows = (await read((db) => db.listRuns(values.limit ? Number(values.limit) : 50))) ?? [];
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
      const found = await read((db) => db.getRun(id));
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
    throw new UsageError(sub ? `unknown runs subcommand "${sub}"` : 'runs needs a subcommand: list, show or reindex');
  });
}
