/** Real candle samples for the indicator checks (engine/ itself never reads files). */
import { readFileSync } from 'node:fs';
import type { Candle } from '../../engine/types.ts';
import { candle } from './bars.ts';

const ROOT = new URL('../../data/samples/', import.meta.url);

/** ORCL daily candles 1995-2014 (backtrader's sample file, data/samples/orcl-1995-2014.txt). */
export function orclDaily(): Candle[] {
  const lines = readFileSync(new URL('orcl-1995-2014.txt', ROOT), 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [date, open, high, low, close, , volume] = line.split(',');
    return candle(Date.parse(`${date}T00:00:00Z`), +open, +high, +low, +close, +volume);
  });
}

/** BTC 1-minute candles (freqtrade's UNITTEST_BTC-1m.json): tiny prices (~0.002) with many flat bars. */
export function btcMinutes(): Candle[] {
  const rows = JSON.parse(readFileSync(new URL('UNITTEST_BTC-1m.json', ROOT), 'utf8')) as number[][];
  return rows.map(([t, o, h, l, c, v]) => candle(t, o, h, l, c, v, '1m'));
}
