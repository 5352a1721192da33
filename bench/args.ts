import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A bad bench command line: exit code 2 with the help (`strata bench` turns it into its usage error). */
export class BenchUsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;
/** What parseArgs returns for these options, named so the built `.d.ts` can state it. */
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: boolean; strict: true }>>;

/** node:util parseArgs (strict) with its errors turned into BenchUsageError. */
export function parseBenchArgs<O extends Options>(argv: string[], options: O, allowPositionals = true): Parsed<O> {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (err) {
    throw new BenchUsageError((err as Error).message);
  }
}

/** `tsx bench/run.ts`: help on --help, exit code 2 for a bad command line, 1 for a failure, else the body's code. */
export async function runBenchCommand(help: string, argv: string[], body: () => Promise<number>): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(help.trimEnd() + '\n');
    return 0;
  }
  return body().catch((err: Error) => {
    process.stderr.write(`error: ${err.message}\n${err instanceof BenchUsageError ? `\n${help.trimEnd()}\n` : ''}`);
    return err instanceof BenchUsageError ? 2 : 1;
  });
}
