/** `strata bench [--quick] [--check] ...`: the benchmark suites and the regression gate (bench/README.md). */
import { HELP, runBench } from '../../bench/run.ts';
import { runCommand } from '../args.ts';

export async function run(argv: string[]): Promise<number> {
  return runCommand(HELP, argv, () => runBench(argv));
}
