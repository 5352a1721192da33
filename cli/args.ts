import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Thrown for bad command lines; commands turn it into exit code 2 with the message and their help. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs with errors turned into UsageError (exit code 2). */
export function parseCommandArgs<O extends Options>(argv: string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/**
 * Runs a command body with the shared exit-code policy: 0 on success, 2 for usage errors (printed with help),
 * 1 for anything else (printed as one clear line, the stack only with STRATA_DEBUG=1).
 */
export async function runCommand(help: string, argv: string[], body: () => Promise<number | void>): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(help.trimEnd() + '\n');
    return 0;
  }
  try {
    return (await body()) ?? 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n\n${help.trimEnd()}\n`);
      return 2;
    }
    const e = err as Error;
    process.stderr.write(`error: ${e.message}\n`);
    if (process.env.STRATA_DEBUG === '1' && e.stack) process.stderr.write(e.stack + '\n');
    return 1;
  }
}
