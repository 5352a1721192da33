/** Help text of `strata check`, kept apart from the command so --help prints before its dependencies load. */
import { DATA_HELP } from './options.ts';
export const HELP = `Usage: strata check lookahead <config.json|dir>... --data <store.duckdb | candle file>... [options]

Lookahead check: runs the strategies on the full data, then on the data truncated at several points, and
compares every signal up to each truncation point. A strategy that uses only the past gives the same
signals whatever follows; a difference means it saw the future. Exit code 1 when one is found.

Cuts fall where every series has a complete candle ending there, on a bar boundary of every strategy.
All runs share this process, the full run first, so state a strategy module keeps between runs is caught
too. Future data a strategy reads by itself (e.g. a file it opens) never passes through the feed and
cannot be seen by this check.

Options:
  --points N          truncation points, spread evenly over the data (default 5)
${DATA_HELP}
  --json              print one JSON object to stdout and nothing else
  -h, --help          this help

Exit codes: 0 no lookahead found, 1 lookahead found (or bad config/data), 2 usage error.`;
