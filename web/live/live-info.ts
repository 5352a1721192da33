import type { SeriesKey } from '../../engine/types.ts';

/** What the live feed behind the manager delivers; the dashboard offers these series. */
export interface LiveInfo {
  series(): readonly SeriesKey[];
  status?(): Record<string, unknown>;
}
