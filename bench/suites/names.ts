/** The suites' names in run order (suites/index.ts holds the suites; a test keeps the two lists equal). Import-free, for the help text. */
export const SUITE_NAMES = ['indicators', 'latency', 'replay', 'data', 'user-path'] as const;
