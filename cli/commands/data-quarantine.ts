/** `strata data quarantine`: the rows imports rejected, with file, row number, reason and text. */
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';
import { DEFAULT_STORE_PATH } from '../../data/store-schema.ts';
import { QUARANTINE_HELP } from '../help/data.ts';

export function quarantineCommand(argv: string[]): Promise<number> {
  return runCommand(QUARANTINE_HELP, argv, async () => {
    const { values } = parseCommandArgs(argv, { file: { type: 'string' }, store: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } }, false);
    const limit = values.limit === undefined ? 100 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 0) throw new UsageError(`--limit must be a whole number, got "${values.limit}"`);
    const { openStore } = await import('../../data/store.ts');
    const { listQuarantine } = await import('../../data/quarantine.ts');
    const store = await openStore(values.store ?? DEFAULT_STORE_PATH);
    let result;
    try {
      result = await listQuarantine(store, { file: values.file, limit: limit === 0 ? undefined : limit });
    } finally {
      store.close();
    }
    if (values.json) {
      process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      return 0;
    }
    if (result.total === 0) {
      process.stdout.write(`no quarantined rows${values.file ? ` for ${values.file}` : ''}\n`);
      return 0;
    }
    for (const r of result.rows) {
      const series = r.symbol ? ` (${[r.exchange, r.symbol, r.timeframe].filter(Boolean).join(' ')})` : '';
      process.stdout.write(`${r.source}${series} row ${r.row}: ${r.reason}: ${r.raw}\n`);
    }
    if (result.total > result.rows.length) process.stdout.write(`... ${result.total - result.rows.length} more (--limit 0 lists all)\n`);
    return 0;
  });
}
