import { readSeries, type TimeRange } from './store-read.ts';
import type { SeriesRef, Store } from './store.ts';
import { writeCandlesFile, type ExportFormat } from './write-file.ts';

/** Writes one stored series (optionally a time range of it) to a Parquet, CSV or Arrow file; returns the row count. */
export async function exportSeries(store: Store, series: SeriesRef, out: string, format: ExportFormat, range: TimeRange = {}): Promise<number> {
  const cols = await readSeries(store, series, range);
  await writeCandlesFile(cols, out, format);
  return cols.length;
}
