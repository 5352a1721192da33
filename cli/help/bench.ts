/** `strata bench --help` (bench/help.ts: the text without the suites). */
export { HELP } from '../../bench/help.ts';
