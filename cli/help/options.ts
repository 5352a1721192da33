/** Option lines shared by the help of every command that reads candles or writes a run folder. */

/** Formats `[flag, text]` rows as help lines with the text starting at column `width + 2`. */
export function optionLines(rows: readonly (readonly [string, string])[], width = 20): string {
  return rows.map(([flag, text]) => `  ${flag.padEnd(width - 1)} ${text}`).join('\n');
}

/** The options that choose the candles of a run (cli/run-options.ts DATA_OPTIONS). */
export const DATA_ROWS = [
  ['--data PATH', 'candle store (.duckdb) or candle file(s): .json (freqtrade), .feather/.arrow, .parquet, .csv;'],
  ['', 'several files may hold several symbols (the symbol comes from each file name)'],
  ['--symbol S', 'symbol of a single data file whose name does not say it (e.g. BTC/USDT)'],
  ['--timeframe T', 'timeframe of the data (default: from the file name or the data; store: finest that fits)'],
  ['--timestamps WHEN', '"open" (default) or "close": whether a file\'s timestamps mark each bar\'s open or its close'],
  ['--exchange NAME', 'store exchange (default "default")'],
  ['--from DATE', 'first open time (ISO date or epoch ms), inclusive'],
  ['--to DATE', 'last open time, exclusive'],
  ['--strict', 'refuse to run (exit 1, nothing written) if any data row was rejected or conflicted'],
] as const;

/** The data options' help lines. */
export const DATA_HELP = optionLines(DATA_ROWS);

/** Help lines of the options that write and register a run (cli/run-options.ts RUN_OUTPUT_OPTIONS). */
export function runOutputHelp(capital: string): string {
  return optionLines([
    ['--capital N', capital],
    ['--out DIR', 'output folder (default runs/<timestamp>-<hash>)'],
    ['--results-db PATH', 'results database (default .strata/results.duckdb); --no-register to skip'],
    ['--json', 'print one JSON object to stdout and nothing else'],
  ]);
}
