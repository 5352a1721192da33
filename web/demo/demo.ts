import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBacktestJob } from '../../backtest/run/backtest-job.ts';
import { loadConfigs, loadStrategyModules, type LoadedConfig } from '../../backtest/run/load-configs.ts';
import { DEFAULT_RESULTS_DB } from '../../backtest/records/results-db.ts';
import { runFolderBaseline } from '../../backtest/live/alerts/baselines.ts';
import type { ColumnarSeries } from '../../data/historical-feed.ts';
import { loadFile } from '../../data/import.ts';
import { writeCandlesFile } from '../../data/write-file.ts';
import { StrategyManager } from '../../engine/manager.ts';
import { timeframeMs } from '../../engine/timeframe.ts';
import { PacedFeed } from '../live/paced-feed.ts';
import { LoopingReplay, tileColumns } from '../live/replay.ts';
import { LiveSession } from '../live/session.ts';
import { startServer, type RunningServer } from '../server.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const EXAMPLES_DIR = join(REPO_ROOT, 'examples');
const SAMPLES = join(REPO_ROOT, 'data', 'samples');

export interface DemoOptions {
  /** Closed candles per second of the replay (default 50). */
  speed?: number;
  port?: number;
  host?: string;
  token?: string | null;
  runsDir?: string;
  resultsDb?: string | null;
  /** Where the demo's candle files are written (default .strata/demo). */
  dataDir?: string;
  /** Strategy configs (default: the examples whose symbols the demo data has). */
  configs?: string[];
  /** Run a backtest of the same configs first, so Reports has a run (default true). */
  backtest?: boolean;
  log?: (line: string) => void;
}

export interface RunningDemo {
  server: RunningServer;
  session: LiveSession;
  runId: string | null;
  strategies: string[];
  close(): Promise<void>;
}

/**
 * The demo data: the bundled 1m sample (the test pair UNITTEST/BTC) under the label BTC/USDT, and the XRP/ETH 1m sample laid over the same period
 * (re-timed and repeated, prices chained) so both markets move together. Written as Parquet so the demo's
 * backtest reads exactly what the live replay plays.
 */
export async function prepareDemoData(dir: string): Promise<{ files: string[]; series: ColumnarSeries[] }> {
  mkdirSync(dir, { recursive: true });
  const btc = (await loadFile(join(SAMPLES, 'UNITTEST_BTC-1m.json'), { symbol: 'BTC/USDT', timeframe: '1m' })).candles;
  const xrpRaw = (await loadFile(join(SAMPLES, 'XRP_ETH-1m.feather'), { symbol: 'XRP/ETH', timeframe: '1m' })).candles;
  const start = btc.openTime[0];
  const end = btc.openTime[btc.length - 1] + timeframeMs('1m');
  const xrp = tileColumns(xrpRaw, '1m', start, end);
  const files = [join(dir, 'BTC_USDT-1m.parquet'), join(dir, 'XRP_ETH-1m.parquet')];
  await writeCandlesFile({ ...btc }, files[0], 'parquet');
  await writeCandlesFile({ ...xrp, synthetic: new Uint8Array(xrp.length) }, files[1], 'parquet');
  return {
    files,
    series: [
      { series: { symbol: 'BTC/USDT', timeframe: '1m' }, columns: btc },
      { series: { symbol: 'XRP/ETH', timeframe: '1m' }, columns: xrp },
    ],
  };
}

/** What the demo's candles are, in plain words: the sample files and the names they are traded under. */
export const DEMO_DATA_NOTE =
  'data/samples/UNITTEST_BTC-1m.json is not BTC/USDT: it is freqtrade\'s test pair UNITTEST/BTC (Nov 2017, prices ' +
  'around 0.002 BTC), traded here under the label BTC/USDT so the BTC/USDT example configs run on it; and ' +
  'data/samples/XRP_ETH-1m.feather is repeated over the same period as XRP/ETH (prices chained)';

/** The `strata backtest` command line that reproduces the demo's backtest from the files it wrote. */
export function demoBacktestCommand(configs: readonly string[], files: readonly string[]): string {
  return ['npx strata backtest', ...configs, ...files.map((f) => `--data ${f}`)].join(' ');
}

/** The example strategy configs that trade the demo's symbols (other JSON there, such as portfolio files, is skipped). */
export function demoConfigs(dir = EXAMPLES_DIR, symbols: readonly string[] = ['BTC/USDT', 'XRP/ETH']): LoadedConfig[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .sort()
    .map((f) => join(dir, f))
    .filter((f) => {
      try {
        const raw = JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>;
        return typeof raw === 'object' && raw !== null && 'symbol' in raw && 'timeframe' in raw;
      } catch {
        return false;
      }
    });
  return loadConfigs(files).filter((l) => symbols.includes(l.config.symbol));
}

/** Starts the demo: backtest of the examples (for Reports), then the server with the engine replaying the samples in accelerated time. */
export async function startDemo(opts: DemoOptions = {}): Promise<RunningDemo> {
  const log = opts.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const data = await prepareDemoData(opts.dataDir ?? join('.strata', 'demo'));
  const configs = opts.configs ? loadConfigs(opts.configs) : demoConfigs();
  const runsDir = opts.runsDir ?? 'runs';
  const resultsDb = opts.resultsDb === undefined ? DEFAULT_RESULTS_DB : opts.resultsDb;

  let runId: string | null = null;
  let runDir: string | null = null;
  if (opts.backtest !== false) {
    const command = demoBacktestCommand(configs.map((c) => c.source), data.files);
    log(`demo data: ${DEMO_DATA_NOTE}`);
    log(`the same backtest by hand: ${command}`);
    const job = (db: string | null) =>
      runBacktestJob({ configPaths: configs.map((c) => c.source), data: { paths: data.files }, runsDir, resultsDb: db, command });
    try {
      let r;
      try {
        r = await job(resultsDb);
      } catch (err) {
        if (resultsDb === null || !/lock|database|duckdb/i.test((err as Error).message)) throw err;
        log(`note: results database busy (${(err as Error).message.split('\n')[0]}); the run is still listed from ${runsDir}/`);
        r = await job(null);
      }
      runId = r.runId;
      runDir = r.outDir;
      log(`backtest ${r.runId}: ${r.result.strategies.length} strategies over ${r.result.data.candles} candles, written to ${r.outDir}`);
    } catch (err) {
      log(`warning: the demo backtest failed: ${(err as Error).message}`);
    }
  }

  const modules = await loadStrategyModules(configs.map((c) => c.config));
  const manager = new StrategyManager({ modules });
  const abort = new AbortController();
  const paced = new PacedFeed(new LoopingReplay(data.series), { candlesPerSecond: opts.speed ?? 50, signal: abort.signal });
  const session = new LiveSession(manager, paced, paced);
  const strategies = configs.map((c) => manager.startStrategy(c.config));
  session.start();
  // The health table's "drawdown / backtest max" and signal rate come from the backtest just run.
  const health = runDir === null ? undefined : { baseline: runFolderBaseline(runDir) };
  const server = await startServer({ manager, live: session, port: opts.port ?? 8080, host: opts.host, token: opts.token, runsDir, resultsDb, health });
  return {
    server,
    session,
    runId,
    strategies,
    close: async () => {
      abort.abort();
      await session.stop();
      await server.close();
    },
  };
}
