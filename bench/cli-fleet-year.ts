/**
 * `strata backtest` of a fleet (default 1,000 strategies) over one year of 1m candles (525,600, one Parquet file),
 * as one whole process of the compiled CLI (needs `npm run build`): wall and CPU time, peak RSS and the run
 * folder. The strategies cycle through MACD, RSI and EMA-cross rules at varied periods, spread evenly over the
 * timeframes given (default 5m, 15m, 1h, 4h).
 *
 *   npx tsx bench/cli-fleet-year.ts [--strategies 1000] [--timeframes 5m,15m,1h,4h] [--minutes 525600] [--workers N]
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeNodeProcess } from './child-timing.ts';
import { writeYearWorkload, YEAR_MINUTES, YEAR_SYMBOL } from './year-1m-workload.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const strategies = Number(arg('--strategies', '1000'));
const timeframes = arg('--timeframes', '5m,15m,1h,4h').split(',');
const minutes = Number(arg('--minutes', String(YEAR_MINUTES)));
const workers = process.argv.includes('--workers') ? ['--workers', arg('--workers', '1')] : [];

/** Strategy k: a rule kind by k mod 3 and periods that vary with k, at timeframe k mod the list. */
function fleetConfig(k: number): object {
  const timeframe = timeframes[k % timeframes.length];
  const v = Math.floor(k / (3 * timeframes.length));
  const id = `s${String(k).padStart(5, '0')}_${timeframe}`;
  switch (k % 3) {
    case 0:
      return { id, symbol: YEAR_SYMBOL, timeframe, indicators: { macd: { type: 'macd', fastPeriod: 8 + (v % 8), slowPeriod: 21 + (v % 13), signalPeriod: 9 } }, rules: { entry: { condition: 'macd_crossover_bullish' }, exit: { condition: 'macd_crossover_bearish' } } };
    case 1:
      return { id, symbol: YEAR_SYMBOL, timeframe, indicators: { rsi: { type: 'rsi', period: 7 + (v % 21) } }, rules: { entry: { condition: `rsi < ${25 + (v % 10)}` }, exit: { condition: `rsi > ${65 + (v % 10)}` } } };
    default:
      return { id, symbol: YEAR_SYMBOL, timeframe, indicators: { fast: { type: 'ema', period: 5 + (v % 15) }, slow: { type: 'ema', period: 30 + (v % 40) } }, rules: { entry: { condition: 'crosses_above(fast, slow)' }, exit: { condition: 'crosses_below(fast, slow)' } } };
  }
}

const dir = mkdtempSync(join(tmpdir(), 'strata-fleet-year-'));
try {
  const { parquet } = await writeYearWorkload(dir, minutes);
  const configs = join(dir, 'fleet');
  mkdirSync(configs);
  for (let k = 0; k < strategies; k++) writeFileSync(join(configs, `s${String(k).padStart(5, '0')}.json`), JSON.stringify(fleetConfig(k)) + '\n');
  const out = join(dir, 'run');
  const t = await timeNodeProcess([join(root, 'dist/cli/main.js'), 'backtest', configs, '--data', parquet, '--symbol', YEAR_SYMBOL, '--out', out, '--no-register', ...workers], root);
  const files = readdirSync(out).map((f) => ({ f, bytes: statSync(join(out, f)).size }));
  const total = files.reduce((n, x) => n + x.bytes, 0);
  console.log(`strata backtest, ${strategies.toLocaleString('en-US')} strategies (${timeframes.join(', ')}) x ${minutes.toLocaleString('en-US')} 1m candles (Parquet), one run`);
  console.log(`  wall ${(t.wallMs / 1000).toFixed(1)} s, cpu ${(t.cpuMs / 1000).toFixed(1)} s, peak RSS ${t.peakRssMiB?.toFixed(0)} MiB`);
  console.log(`  run folder: ${(total / 1e6).toFixed(1)} MB in ${files.length} files`);
  for (const x of files.sort((a, b) => b.bytes - a.bytes).slice(0, 6)) console.log(`    ${x.f.padEnd(28)} ${(x.bytes / 1e6).toFixed(2)} MB`);
  const bytesOf = (name: string) => files.find((x) => x.f === name)?.bytes ?? 0;
  console.log(`  metrics.json ${(bytesOf('metrics.json') / 1e3).toFixed(1)} KB (target under 100 KB), manifest.json ${(bytesOf('manifest.json') / 1e6).toFixed(2)} MB`);
} finally {
  if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true }); else console.log(dir);
}
