import { readFileSync } from 'node:fs';
import type { RawData } from './formats/raw.ts';

/**
 * `--adjust`: back-adjusts OHLC by Yahoo's Adj Close with the ratio method. Each row's factor is
 * Adj Close / Close; open, high, low and close are multiplied by it (so close becomes Adj Close), volume is kept
 * (Yahoo's volume is already split-adjusted). The result is a total-return series: splits and dividends no longer
 * show as price jumps. Rows whose Adj Close is missing or not positive keep their prices and are counted.
 * Returns the note for the import report.
 */
export function adjustByAdjClose(path: string, raw: RawData): string {
  if (raw.kind !== 'candles') throw new Error('--adjust applies to candle files with an Adj Close column, not trades');
  const header = readFileSync(path, 'utf8').replace(/^\uFEFF/, '').split('\n', 1)[0].replace(/\r$/, '');
  const delim = [',', ';', '\t', '|'].find((d) => header.includes(d)) ?? ',';
  const names = header.split(delim).map((s) => s.trim().replace(/^"|"$/g, '').toLowerCase().replace(/[\s_]+/g, ' '));
  const col = names.findIndex((n) => n === 'adj close' || n === 'adjclose' || n === 'adjusted close');
  if (col < 0) throw new Error(`--adjust needs an "Adj Close" column (a Yahoo export); ${path} has ${names.join(', ')}`);
  const c = raw.cols;
  let kept = 0;
  for (let i = 0; i < c.length; i++) {
    const adj = Number(raw.raw(i).split(delim)[col]);
    const ratio = adj / c.close[i];
    if (!(adj > 0) || !Number.isFinite(ratio)) {
      kept++;
      continue;
    }
    c.open[i] *= ratio;
    c.high[i] *= ratio;
    c.low[i] *= ratio;
    c.close[i] = adj;
  }
  return `prices back-adjusted by Adj Close (ratio method: open, high, low × Adj Close / Close; volume as given)${kept ? `; ${kept} row(s) without a usable Adj Close kept unadjusted` : ''}`;
}
