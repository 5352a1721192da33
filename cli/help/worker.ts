/** Help text of `strata worker`, kept apart from the command so --help prints before its dependencies load. */
export const HELP = `Usage: strata worker --queue redis://[:password@]host:port[/db] [options]

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
