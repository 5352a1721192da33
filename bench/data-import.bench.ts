/**
 * Import rate of the candle store: a 1,000,000-row CSV and Parquet file (seeded synthetic candles) imported
 * into a fresh DuckDB store file, read + validate + upsert + closing the store, timed end to end. Run:
 *   npx tsx bench/data-import.bench.ts [rows]
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importFile } from '../data/import.ts';
import { openStore } from '../data/store.ts';
import { synthCandles } from '../data/synth.ts';
import { tempDir } from '../testkit/data.ts';
import { writeCandlesFile } from '../data/write-file.ts';

export interface ImportFigure {
  readonly format: 'csv' | 'parquet';
  readonly rows: number;
  readonly seconds: number;
  readonly candlesPerSecond: number;
}

/** Generates the files (untimed), then imports each into its own fresh store file; returns the figures. */
export async function measureImport(rows = 1_000_000): Promise<ImportFigure[]> {
  const tmp = tempDir();
  try {
    const candles = synthCandles({ bars: rows, seed: 42 });
    const figures: ImportFigure[] = [];
    for (const format of ['csv', 'parquet'] as const) {
      const file = join(tmp.dir, `SYN_USDT-1m.${format}`);
      await writeCandlesFile(candles, file, format);
      const store = await openStore(join(tmp.dir, `${format}.duckdb`));
      // Timed until the store is closed: closing checkpoints what the import left in the write-ahead log.
      let report: Awaited<ReturnType<typeof importFile>>;
      const t0 = performance.now();
      try {
        report = await importFile(store, file);
      } finally {
        store.close();
      }
      const seconds = (performance.now() - t0) / 1000;
      if (report.imported !== rows) throw new Error(`${format}: imported ${report.imported} of ${rows}`);
      figures.push({ format, rows, seconds, candlesPerSecond: rows / seconds });
    }
    return figures;
  } finally {
    tmp.cleanup();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = Number(process.argv[2] ?? 1_000_000);
  for (const f of await measureImport(rows)) {
    process.stdout.write(`import ${f.format.padEnd(7)} ${f.rows} rows  ${f.seconds.toFixed(2)} s  ${Math.round(f.candlesPerSecond).toLocaleString('en')} candles/s\n`);
  }
}
