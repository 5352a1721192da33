import { maskRedisUrl, maskRedisUrls, RedisUrlError } from '../../backtest/research/distributed/redis-url.ts';
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';

const HELP = `Usage: strata worker --queue redis://[:password@]host:port[/db] [options]

Takes sweep jobs from a Redis job queue (BullMQ) and runs them until stopped. Start one on every machine
that should help with \`strata sweep --executor redis://...\`; each job is a batch of grid combinations,
and its candles are read from the shared Parquet file the job names (checked against its sha256).

Options:
  --queue URL             Redis URL (rediss:// for TLS). Keep the password out of the command line with
                          STRATA_REDIS_PASSWORD (used when the URL has none).
  --queue-name NAME       queue name (default strata-sweeps; must match the coordinator's)
  --concurrency N         jobs at once, each on its own thread (default 1)
  --id NAME               worker id shown in progress and stored with every result (default host:pid)
  --lock-duration MS      job lock, renewed while the job runs (default 30000)
  --stalled-interval MS   how often to look for jobs of dead workers (default 30000)
  --data-root DIR         read data files only inside DIR (repeatable; default: wherever a job points)
  --allow-modules         run configs that name a strategy module (imports code the job points to)
  -h, --help              this help

Stopping: SIGINT/SIGTERM lets the running job finish and stores it; a second signal releases the running
job back to the queue for another worker. A killed worker's job is picked up again after its lock expires.

Exit codes: 0 stopped, 1 cannot reach the queue, 2 usage error.`;

function positiveInt(name: string, text: string | undefined, min = 1): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number >= ${min}, got "${text}"`);
  return n;
}

export function run(argv: string[]): Promise<number> {
  return runCommand(HELP, argv, async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      queue: { type: 'string' },
      'queue-name': { type: 'string' },
      concurrency: { type: 'string' },
      id: { type: 'string' },
      'lock-duration': { type: 'string' },
      'stalled-interval': { type: 'string' },
      'allow-modules': { type: 'boolean' },
      'data-root': { type: 'string', multiple: true },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    if (!values.queue) throw new UsageError('--queue redis://host:port is required');
    // Hide a password from `ps` from now on (it was visible until here: prefer STRATA_REDIS_PASSWORD).
    if (maskRedisUrl(values.queue) !== values.queue) process.title = maskRedisUrls(['strata', 'worker', ...argv].join(' '));
    const { startSweepWorker } = await import('../../backtest/research/distributed/queue-worker.ts');
    const { checkRedis } = await import('../../backtest/research/distributed/redis-connection.ts');
    const { parseRedisUrl } = await import('../../backtest/research/distributed/redis-url.ts');
    let target;
    try {
      target = parseRedisUrl(values.queue);
    } catch (err) {
      if (err instanceof RedisUrlError) throw new UsageError(err.message);
      throw err;
    }
    await checkRedis(target);
    const log = (line: string) => process.stderr.write(`[${new Date().toISOString()}] ${line}\n`);
    const worker = await startSweepWorker({
      url: values.queue,
      queue: values['queue-name'],
      concurrency: positiveInt('concurrency', values.concurrency),
      id: values.id,
      lockDuration: positiveInt('lock-duration', values['lock-duration'], 100),
      stalledInterval: positiveInt('stalled-interval', values['stalled-interval'], 100),
      allowModules: values['allow-modules'],
      dataRoots: values['data-root'],
      log,
    });
    let signals = 0;
    const stopped = new Promise<void>((resolve) => {
      const onSignal = (sig: NodeJS.Signals) => {
        signals++;
        if (signals === 1) {
          log(`${sig}: stopping after the running job (send it again to release the job to the queue)`);
          void worker.close().then(resolve);
        } else {
          log(`${sig}: releasing the running job to the queue`);
          void worker.release().then(resolve);
        }
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    });
    await stopped;
    log(`worker ${worker.id} stopped after ${worker.processed()} job(s) (queue ${maskRedisUrl(values.queue)})`);
    return 0;
  });
}
