import type { Candle, SeriesKey } from '../../engine/types.ts';

/** What the live feed behind the manager delivers; the dashboard offers these series. */
export interface LiveInfo {
  series(): readonly SeriesKey[];
  status?(): Record<string, unknown>;
  /** When the feed's own clock meant `candle` to arrive (epoch ms), if it keeps one (a paced replay); see MonitorOptions.feedDueAt. */
  candleDueAt?(candle: Candle): number | null;
}
