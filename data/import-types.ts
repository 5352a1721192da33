import type { Market } from '../engine/markets/market.ts';
import type { Timeframe } from '../engine/types.ts';
import type { Container, FormatOption } from './formats/detect.ts';
import type { GapReport } from './gaps.ts';
import type { QuarantineRow } from './store-write.ts';
import type { SeriesRef } from './store.ts';

export interface ImportOptions {
  readonly symbol?: string;
  readonly timeframe?: Timeframe;
  readonly exchange?: string;
  /** Forces the container, or `trades` to read trades (container detected). */
  readonly format?: FormatOption;
  /** `flat`: fill gaps with zero-volume candles at the previous close, flagged synthetic. */
  readonly fillGaps?: 'flat';
  /** What the file's timestamps mark: each bar's open (default) or its close (moved back one bar on read). */
  readonly timestamps?: TimestampConvention;
  /** Back-adjust OHLC by the file's Adj Close (ratio method); default: prices as given (unadjusted). */
  readonly adjust?: boolean;
  /** Time zone of timestamps without an offset (`America/New_York`); default UTC. Offsets in the file are always honoured. */
  readonly tz?: string;
  /** The series' market: its calendar decides which missing bars are gaps and where bars open (default crypto, 24/7). */
  readonly market?: Market;
}

export type TimestampConvention = 'open' | 'close';

/** What an import did; `rowsRead = imported real rows + quarantined + duplicates` for candle files. */
export interface ImportReport {
  readonly source: string;
  readonly container: Container;
  readonly kind: 'candles' | 'trades';
  readonly series: SeriesRef;
  /** `adjusted` (back-adjusted by Adj Close, --adjust) or `as given` (unadjusted, the default). */
  readonly prices: 'adjusted' | 'as given';
  /** The market whose calendar the gaps and alignment were judged by (`crypto`: 24/7). */
  readonly market: string;
  /** Where the timeframe came from. */
  readonly timeframeFrom: 'option' | 'file name' | 'data';
  /** Where the symbol came from: `file name` is a freqtrade name (BASE_QUOTE-TF.ext). */
  readonly symbolFrom: 'option' | 'file name';
  /** The timestamp convention the file was read with. */
  readonly timestamps: TimestampConvention;
  /** How the file was read where that needed a guess or a repair, and conventions it seems to break. */
  readonly notes: string[];
  readonly rowsRead: number;
  /** Candles written (real ones; synthetic ones are counted in `synthetic`). */
  readonly imported: number;
  readonly synthetic: number;
  readonly quarantined: number;
  readonly byReason: Record<string, number>;
  /** The first quarantined rows (all of them are in the store's quarantine table, or LoadedFile.quarantine). */
  readonly firstRejected: QuarantineRow[];
  readonly duplicates: number;
  /** Rows dropped for a later row of the same open time with other values (also quarantined, by row). */
  readonly conflicts: number;
  readonly reordered: number;
  /** Gaps in the file's candles (before any filling). */
  readonly gaps: GapReport;
  readonly first: number | null;
  readonly last: number | null;
}
