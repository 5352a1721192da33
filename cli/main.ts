#!/usr/bin/env node
/**
 * The `strata` command line. Each subcommand lives in cli/commands/<name>.ts and exports
 * `run(argv: string[]): Promise<number>` (the exit code: 0 ok, 1 failure, 2 usage error).
 * Modules load lazily so `strata --help` stays fast and one broken command cannot break the others.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface CommandEntry {
  summary: string;
  load: () => Promise<CommandModule>;
}

type CommandModule = { run(argv: string[]): Promise<number> };

/** A command's help module: its HELP text, and for commands with subcommands the help of one of them. */
type HelpModule = { HELP: string; helpFor?: (argv: string[]) => string };

/** `.js` in the compiled dist/, `.ts` in the sources: tsc rewrites literal imports only, not the built names below. */
const EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/** Imported on use: a command's dependencies (DuckDB, ccxt, the web stack) load only when it runs. */
function lazy(name: string): () => Promise<CommandModule> {
  const file = `./commands/${name}${EXT}`;
  return () => import(file) as Promise<CommandModule>;
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
  session: { summary: 'session log maintenance (session repair <name>)', load: lazy('session') },
  replay: { summary: 'replay a recorded paper session through backtest mode and compare', load: lazy('replay') },
  demo: { summary: 'start the dashboard with the bundled sample data replayed in accelerated time', load: lazy('demo') },
  bench: { summary: 'run the benchmark suites', load: lazy('bench') },
  schema: { summary: 'print the JSON Schema of strategy configs', load: lazy('schema') },
  validate: { summary: 'validate strategy config files and print every problem', load: lazy('validate') },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: strata <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `strata <command> --help` for a command\'s options, `strata --version` for the version.',
    'Exit codes: 0 ok, 1 bad input (config, data) or a failed check, 2 usage error.',
  ].join('\n');
}

const wantsHelp = (argv: readonly string[]) => argv.includes('--help') || argv.includes('-h');

/** The package version, read from package.json (two folders up from both cli/ and a build's dist/cli/). */
export function version(): string {
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'strata' && pkg.version) return pkg.version;
    } catch {
      // not at this level
    }
  }
  return 'unknown';
}

/** Prints a command's help from its help module alone, so no command dependency loads; false when it has none. */
async function printHelp(name: string, rest: string[]): Promise<boolean> {
  let mod: HelpModule;
  try {
    const file = `./help/${name}${EXT}`;
    mod = (await import(file)) as HelpModule;
  } catch {
    return false;
  }
  process.stdout.write((mod.helpFor ? mod.helpFor(rest) : mod.HELP).trimEnd() + '\n');
  return true;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V' || name === 'version') {
    process.stdout.write(`strata ${version()}\n`);
    return 0;
  }
  // No command is a request for the overview, not a mistake: usage on stdout, exit 0.
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    process.stderr.write(`strata: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  if (wantsHelp(rest) && (await printHelp(name, rest))) return 0;
  let mod: CommandModule;
  try {
    mod = await entry.load();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String(err).includes(`commands/${name}${EXT}`)) {
      process.stderr.write(`strata: command "${name}" is not available in this build\n`);
      return 2;
    }
    throw err;
  }
  return mod.run(rest);
}

/** A reader that went away (`strata runs list | head -2`) ends the command quietly, as Unix tools do. */
function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

/** Runs the CLI for this process and sets its exit code; used by bin/strata.js and `tsx cli/main.ts`. */
export function runMain(argv: string[]): Promise<void> {
  exitQuietlyOnClosedPipe(process.stdout);
  exitQuietlyOnClosedPipe(process.stderr);
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

/** Run as a program (`tsx cli/main.ts`, or the package's bin, which npm links to the compiled file), not imported. */
function isProgram(): boolean {
  if (!process.argv[1]) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}

if (isProgram()) void runMain(process.argv.slice(2));
