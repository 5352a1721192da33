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
import { HELP } from '../help/serve.ts';

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
