import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_RESULTS_DB } from '../../backtest/records/results-db.ts';
import { isRunDir, RunCatalog } from '../../web/run-folder/catalog.ts';
import { buildComparison, buildRunReport } from '../../web/reports/index.ts';
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';
import { numberOption } from './serve-common.ts';
import { HELP } from '../help/report.ts';

export function run(argv: string[]): Promise<number> {
  return runCommand(HELP, argv, async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      out: { type: 'string' },
      runs: { type: 'string' },
      'results-db': { type: 'string' },
      points: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length === 0) throw new UsageError('give a run id or run folder');
    const points = numberOption('points', values.points, 2000, (n) => Number.isInteger(n) && n >= 8 && n <= 100_000);
    const catalog = new RunCatalog({ runsDir: values.runs ?? 'runs', resultsDb: values['results-db'] ?? DEFAULT_RESULTS_DB });
    const dirs: string[] = [];
    for (const p of positionals) {
      const dir = isRunDir(p) ? resolve(p) : await catalog.resolve(p);
      if (!dir) throw new Error(`no run "${p}" (not a run folder, not in ${values.runs ?? 'runs'}/ nor in the results database)`);
      dirs.push(dir);
    }
    const html = dirs.length === 1 ? await buildRunReport(dirs[0], { served: false, points }) : await buildComparison(dirs, { served: false, points });
    const out = values.out ?? 'report.html';
    writeFileSync(out, html);
    const bytes = Buffer.byteLength(html);
    if (values.json) process.stdout.write(JSON.stringify({ out, bytes }) + '\n');
    else process.stdout.write(`wrote ${out} (${(bytes / 1024).toFixed(0)} KiB, self-contained)\n`);
    return 0;
  });
}
