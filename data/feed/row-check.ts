import { checkBar } from '../validate.ts';

/** A file row that was refused: `row` is 1-based, counting data rows only (a CSV header is not a row). */
export interface InvalidRow {
  readonly file: string;
  readonly row: number;
  readonly reason: string;
}

/**
 * What a file feed does with a bad row. By default it throws; with 'skip-and-report' it leaves the row
 * out and tells `onReport` (so nothing is dropped silently). Order problems always throw.
 */
export type InvalidRowPolicy =
  | { readonly onInvalid?: 'error' }
  | { readonly onInvalid: 'skip-and-report'; readonly onReport: (issue: InvalidRow) => void };

/** A file the feed cannot trade from, naming the file, the row and why. */
export class FeedFileError extends Error {
  constructor(
    readonly file: string,
    readonly row: number,
    readonly reason: string,
  ) {
    super(`${file}: row ${row}: ${reason}`);
    this.name = 'FeedFileError';
  }
}

const iso = (t: number): string => (Number.isFinite(t) && Math.abs(t) <= 8.64e15 ? new Date(t).toISOString() : String(t));

/**
 * Validates file rows as they stream past (data/validate.ts's checkBar: NaN/Infinity, non-positive
 * prices, negative volume, high < low, open/close outside [low, high]) and insists on strictly
 * increasing open times: a feed streams files in their own order and never sorts them.
 */
export class FileRowChecker {
  private lastTime = Number.NEGATIVE_INFINITY;
  private lastRow = 0;
  private readonly report: ((issue: InvalidRow) => void) | null;

  constructor(
    readonly file: string,
    policy: InvalidRowPolicy = {},
  ) {
    this.report = policy.onInvalid === 'skip-and-report' ? policy.onReport : null;
  }

  /** True when the row is good; false when it is skipped and reported; throws FeedFileError otherwise. */
  accept(row: number, t: number, o: number, h: number, l: number, c: number, v: number): boolean {
    const reason = checkBar(t, o, h, l, c, v);
    if (reason !== null) {
      const detail = `${reason} (open_time=${iso(t)}, open=${o}, high=${h}, low=${l}, close=${c}, volume=${v})`;
      if (this.report === null) throw new FeedFileError(this.file, row, detail);
      this.report({ file: this.file, row, reason: detail });
      return false;
    }
    if (t <= this.lastTime) {
      const what = t === this.lastTime ? 'duplicates the open time of' : 'is earlier than the open time of';
      throw new FeedFileError(
        this.file,
        row,
        `open time ${iso(t)} ${what} row ${this.lastRow} (${iso(this.lastTime)}); ` +
          'a feed reads files in order and never sorts them: import the file into the store (the importer sorts and de-duplicates) or sort it first',
      );
    }
    this.lastTime = t;
    this.lastRow = row;
    return true;
  }
}
