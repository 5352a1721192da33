import { basename } from 'node:path';
import { tryParseSymbol } from '../../engine/markets/symbol.ts';
import { isTimeframe } from '../../engine/timeframe.ts';

/** File containers the importer reads. `feather` is an Arrow IPC file. */
export type Container = 'csv' | 'json' | 'arrow' | 'parquet';

export { FORMATS, type FormatOption } from './format-names.ts';

const BY_EXTENSION: Record<string, Container> = {
  csv: 'csv',
  txt: 'csv',
  tsv: 'csv',
  json: 'json',
  feather: 'arrow',
  arrow: 'arrow',
  ipc: 'arrow',
  arrows: 'arrow',
  parquet: 'parquet',
  pq: 'parquet',
};

function startsWith(bytes: Uint8Array, ascii: string): boolean {
  if (bytes.length < ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (bytes[i] !== ascii.charCodeAt(i)) return false;
  return true;
}

/** The container of a file: magic bytes first (PAR1, ARROW1, an IPC stream), then JSON's bracket, then the extension, else CSV. */
export function detectContainer(path: string, head: Uint8Array): Container {
  if (startsWith(head, 'PAR1')) return 'parquet';
  if (startsWith(head, 'ARROW1')) return 'arrow';
  if (head.length >= 4 && head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff) return 'arrow';
  for (const b of head) {
    if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0xef || b === 0xbb || b === 0xbf) continue;
    if (b === 0x5b /* [ */ || b === 0x7b /* { */) return 'json';
    break;
  }
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return (ext && BY_EXTENSION[ext]) || 'csv';
}

/** What a freqtrade-style file name says: `BTC_USDT-5m.feather`, `BTC_USDT_USDT-1h-futures.feather`, `XRP_ETH-trades.parquet`. */
export interface NameHints {
  readonly symbol?: string;
  readonly timeframe?: string;
  readonly trades?: boolean;
}

const FREQTRADE_NAME = /^([A-Za-z0-9]+)_([A-Za-z0-9]+)(?:_([A-Za-z0-9]+))?-(\d+[smhdwM]|trades)(?:-[a-z_]+)?\.[A-Za-z0-9.]+$/;

/** A ticker's file, `TICKER-TF.ext` (`ORCL-1d.csv`, `BRK.B-1d.csv`, `^GSPC-1d.csv`): the ticker is everything before the last `-TF`. */
const TICKER_NAME = /^([^_/\s]+)-(\d+[smhdw])\.[A-Za-z0-9.]+$/;

/**
 * Symbol and timeframe from a file name: freqtrade's `BASE_QUOTE[_SETTLE]-TF` (`UNITTEST_BTC-5m.feather` ->
 * UNITTEST/BTC, 5m) or a ticker's `TICKER-TF` (`ORCL-1d.csv` -> ORCL, 1d); {} when it is neither.
 */
export function hintsFromName(path: string): NameHints {
  const name = basename(path);
  const m = FREQTRADE_NAME.exec(name);
  if (!m) {
    const t = TICKER_NAME.exec(name);
    const ticker = t?.[1].toUpperCase();
    return t && ticker && tryParseSymbol(ticker)?.kind === 'ticker' && isTimeframe(t[2]) ? { symbol: ticker, timeframe: t[2] } : {};
  }
  const symbol = `${m[1].toUpperCase()}/${m[2].toUpperCase()}${m[3] ? `:${m[3].toUpperCase()}` : ''}`;
  if (m[4] === 'trades') return { symbol, trades: true };
  return isTimeframe(m[4]) ? { symbol, timeframe: m[4] } : { symbol };
}
