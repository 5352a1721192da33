import { maskRedisUrl, maskRedisUrls, RedisUrlError } from '../../backtest/research/distributed/redis-url.ts';
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';
import { HELP } from '../help/worker.ts';

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
