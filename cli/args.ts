import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Thrown for bad command lines; commands turn it into exit code 2 with the message and their help. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `--capital -5` as `--capital=-5`: parseArgs refuses a value that starts with a dash as ambiguous, but a
 * negative number after an option that takes a value can only be that value (and is then checked as one).
 */
function joinNegativeValues(argv: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.startsWith('--') && !a.includes('=') ? a.slice(2) : null;
    if (name !== null && options[name]?.type === 'string' && i + 1 < argv.length && /^-(\d|\.\d)/.test(argv[i + 1])) {
      out.push(`${a}=${argv[++i]}`);
    } else out.push(a);
  }
  return out;
}

/** What parseArgs returns for these options, named so the built `.d.ts` can state it. */
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: boolean; strict: true }>>;

/** node:util parseArgs with errors turned into UsageError (exit code 2). */
export function parseCommandArgs<O extends Options>(argv: string[], options: O, allowPositionals = true): Parsed<O> {
  try {
    return parseArgs({ args: joinNegativeValues(argv, options), options, allowPositionals, strict: true });
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
      process.stderr.write(usageErrorText(help, err.message));
      return 2;
    }
    const e = err as Error;
    process.stderr.write(`error: ${e.message}\n`);
    if (process.env.STRATA_DEBUG === '1' && e.stack) process.stderr.write(e.stack + '\n');
    return 1;
  }
}

/** A usage error as users read it: the problem in one line, the command's usage lines, where the options are. */
export function usageErrorText(help: string, message: string): string {
  const lines = help.split('\n');
  const blank = lines.findIndex((l) => l.trim() === '');
  const usage = lines.slice(0, blank < 0 ? 1 : blank).join('\n');
  const command = /Usage: (strata(?: [a-z-]+)+)/.exec(help)?.[1] ?? 'strata';
  return `error: ${message}\n\n${usage}\nRun \`${command} --help\` for every option.\n`;
}
