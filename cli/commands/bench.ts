/** `strata bench [--quick] [--check] ...`: the benchmark suites and the regression gate (bench/README.md). */
import { BenchUsageError } from '../../bench/args.ts';
import { HELP, runBench } from '../../bench/run.ts';
import { runCommand, UsageError } from '../args.ts';

export async function run(argv: string[]): Promise<number> {
  return runCommand(HELP, argv, () =>
    runBench(argv).catch((err: unknown) => {
      throw err instanceof BenchUsageError ? new UsageError(err.message) : err;
    }),
  );
}
