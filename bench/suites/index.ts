import type { Suite } from '../harness.ts';
import { dataSuite } from './data.ts';
import { indicatorsSuite } from './indicators.ts';
import { latencySuite } from './latency.ts';
import { replaySuite } from './replay.ts';
import { userPathSuite } from './user-path.ts';

/** Every suite, in run order. Add a suite here and it is run, written, printed and gated. */
export const SUITES: readonly Suite[] = [indicatorsSuite, latencySuite, replaySuite, dataSuite, userPathSuite];

export function findSuite(name: string): Suite | undefined {
  return SUITES.find((s) => s.name === name);
}
