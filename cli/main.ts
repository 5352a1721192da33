/**
 * The `strata` command line. Each subcommand lives in cli/commands/<name>.ts and exports
 * `run(argv: string[]): Promise<number>` (the exit code: 0 ok, 1 failure, 2 usage error).
 * Modules load lazily so `strata --help` stays fast and one broken command cannot break the others.
 */
import { pathToFileURL } from 'node:url';

interface CommandEntry {
  summary: string;
  load: () => Promise<CommandModule>;
}

type CommandModule = { run(argv: string[]): Promise<number> };

/** Imported on use: a command's dependencies (DuckDB, ccxt, the web stack) load only when it runs. */
function lazy(name: string): () => Promise<CommandModule> {
  return () => import(`./commands/${name}.ts`) as Promise<CommandModule>;
}

export const COMMANDS: Record<string, CommandEntry> = {
  backtest: { summary: 'run strategies over historical candles in one shared replay', load: lazy('backtest') },
  sweep: { summary: 'run a parameter grid in parallel and rank the results', load: lazy('sweep') },
  worker: { summary: 'run distributed sweep and optimisation jobs from a Redis queue (strata worker --queue redis://...)', load: lazy('worker') },
  optimize: { summary: 'search a parameter space with random, TPE or NSGA-II trials; robust recommendation', load: lazy('optimize') },
  walkforward: { summary: 'optimise on rolling training windows, test on the windows after', load: lazy('walkforward') },
  check: { summary: 'robustness checks (check lookahead <config> --data ...)', load: lazy('check') },
  runs: { summary: 'list and show recorded runs (runs list, runs show <id>)', load: lazy('runs') },
  data: { summary: 'candle store: import, export, list, fetch, synth', load: lazy('data') },
  serve: { summary: 'web server: API, reports and live dashboard', load: lazy('serve') },
  report: { summary: 'write a self-contained HTML report of a run', load: lazy('report') },
  paper: { summary: 'paper-trade configs on a live exchange feed', load: lazy('paper') },
  ab: { summary: 'A/B test: run variants side by side on one feed and test the difference', load: lazy('ab') },
  strategies: { summary: 'strategy versions: list, history, show, diff, rollback', load: lazy('strategies') },
  suggest: { summary: 'optimisation suggestions from a sweep or walk-forward run', load: lazy('suggest') },
  replay: { summary: 'replay a recorded paper session through backtest mode and compare', load: lazy('replay') },
  demo: { summary: 'start the dashboard with the bundled sample data replayed in accelerated time', load: lazy('demo') },
  bench: { summary: 'run the benchmark suites', load: lazy('bench') },
  schema: { summary: 'print the JSON Schema of strategy configs', load: lazy('schema') },
  validate: { summary: 'validate strategy config files and print every problem', load: lazy('validate') },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return ['Usage: strata <command> [options]', '', 'Commands:', ...lines, '', 'Run `strata <command> --help` for a command\'s options.'].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    process.stderr.write(`strata: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  let mod: CommandModule;
  try {
    mod = await entry.load();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String(err).includes(`commands/${name}.ts`)) {
      process.stderr.write(`strata: command "${name}" is not available in this build\n`);
      return 2;
    }
    throw err;
  }
  return mod.run(rest);
}

/** Runs the CLI for this process and sets its exit code; used by bin/strata.js and `tsx cli/main.ts`. */
export function runMain(argv: string[]): Promise<void> {
  return main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`strata: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void runMain(process.argv.slice(2));
