import { loadConfigs, loadStrategyModules } from '../../backtest/run/load-configs.ts';
import { ColumnarFeed, type ColumnarSeries } from '../../data/historical-feed.ts';
import { loadFile } from '../../data/import.ts';
import { StrategyManager } from '../../engine/manager.ts';
import { PacedFeed } from '../../web/live/paced-feed.ts';
import { LoopingReplay } from '../../web/live/replay.ts';
import { LiveSession } from '../../web/live/session.ts';
import { startServer } from '../../web/server.ts';
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';
import { numberOption, stayUp, tokenOption } from './serve-common.ts';

const HELP = `Usage: strata serve [config.json...] [--port 8080] [--host 127.0.0.1] [--token T] [options]

Serves the API (/api/v1, OpenAPI at /api/v1/openapi.json), the reports of recorded runs (/reports) and the
live dashboard (/), with engine events on the WebSocket /ws. With --data, the engine replays those candle
files in accelerated time and the given configs start on it; more strategies can be started from the dashboard.

Options:
  --port N            port (default 8080; 0 picks a free one)
  --host H            address to bind (default 127.0.0.1; any other address requires --token)
  --token T           access token for every request and WebSocket (or env STRATA_TOKEN)
  --runs DIR          run folders (default runs)
  --results-db PATH   results database (default .strata/results.duckdb)
  --data FILE         candle file(s) to replay (.json, .feather, .parquet, .csv); repeatable
  --symbol S          symbol of a single data file whose name does not say it
  --speed N           closed candles per second of the replay (default 50)
  --loop              replay the data again and again (times shifted forward)
  --exit-after S      stop after S seconds
  -h, --help          this help`;

export function run(argv: string[]): Promise<number> {
  return runCommand(HELP, argv, async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      port: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string' },
      runs: { type: 'string' },
      'results-db': { type: 'string' },
      data: { type: 'string', multiple: true },
      symbol: { type: 'string' },
      speed: { type: 'string' },
      loop: { type: 'boolean' },
      'exit-after': { type: 'string' },
    });
    const token = tokenOption(values.token, values.host);
    const port = numberOption('port', values.port, 8080, (n) => Number.isInteger(n) && n >= 0 && n < 65536);
    const speed = numberOption('speed', values.speed, 50, (n) => n > 0 && n <= 1_000_000);
    const exitAfter = values['exit-after'] === undefined ? null : numberOption('exit-after', values['exit-after'], 0, (n) => n > 0);
    const data = values.data ?? [];
    if (positionals.length > 0 && data.length === 0) throw new UsageError('strategy configs need --data to run on');
    if (values.symbol && data.length > 1) throw new UsageError('--symbol names the series of a single data file');

    const configs = positionals.length ? loadConfigs(positionals) : [];
    const manager = new StrategyManager({ modules: await loadStrategyModules(configs.map((c) => c.config)) });
    let session: LiveSession | null = null;
    if (data.length > 0) {
      const inputs: ColumnarSeries[] = [];
      for (const file of data) {
        const loaded = await loadFile(file, { symbol: values.symbol });
        const s = loaded.report.series;
        inputs.push({ series: { symbol: s.symbol, timeframe: s.timeframe }, columns: loaded.candles });
      }
      const abort = new AbortController();
      const paced = new PacedFeed(values.loop ? new LoopingReplay(inputs) : new ColumnarFeed(inputs), { candlesPerSecond: speed, signal: abort.signal });
      session = new LiveSession(manager, paced, paced);
      for (const c of configs) manager.startStrategy(c.config);
      session.start();
    }
    const server = await startServer({
      manager,
      live: session ?? undefined,
      port,
      host: values.host,
      token,
      runsDir: values.runs,
      resultsDb: values['results-db'],
    });
    process.stdout.write(
      `Strata server on ${server.url}/  (reports ${server.url}/reports, API ${server.url}/api/v1/openapi.json)\n` +
        (session ? `Replaying ${data.join(', ')} at ${speed} candles/s\n` : 'No live feed (give --data to replay candles); the API and reports are available.\n') +
        'Press Ctrl-C to stop.\n',
    );
    await stayUp(exitAfter, async () => {
      await session?.stop();
      await server.close();
    });
    return 0;
  });
}
