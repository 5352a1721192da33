/** Help text of `strata ab`, kept apart from the command so --help prints before its dependencies load. */
import { DATA_HELP } from './options.ts';
export const HELP = `Usage: strata ab <configA.json> <configB.json> [more configs...] --data <store.duckdb | candle file>... [options]
       strata ab --session NAME <strategyA> <strategyB> [more strategy ids...] [options]

A/B test: runs the variants side by side in one replay of the same feed, each with its own capital, and tests
whether B (and C, ...) differ from A on paired per-period returns: paired t-test (decides), sign test and
Wilcoxon signed-rank test, a seeded bootstrap confidence interval of the Sharpe difference, and the number of
periods the test needs for the observed effect at 80% power. Prints a plain-language verdict per variant
("B better with 95% confidence", "B worse with 95% confidence", "no significant difference", "not enough data
yet: need ~N more periods") and writes the run folder with ab.json; the run is registered as kind "ab".

With --session, the strategies are ones running side by side in a paper session: its log is replayed in
backtest mode and the live part (after its warm-up) is compared the same way; ab.json goes into the session
folder (or --out FILE).

Options:
${DATA_HELP}
  --period P          return period: bar, or a timeframe such as 1h, 1d, 1w (default 1d)
  --alpha A           significance level, family-wise over the variants (default 0.05)
  --power P           power for the sample-size estimate (default 0.8)
  --seed S            bootstrap seed (default 1)
  --resamples N       bootstrap resamples (default 2000)
  --capital N         initial capital of every variant (overrides the configs)
  --out DIR           output folder (default runs/<timestamp>-<hash>); with --session, the ab.json file
  --session NAME      compare strategies of this paper session (positionals are strategy ids)
  --sessions-dir DIR  where sessions live (default .strata/sessions)
  --results-db PATH   results database (default .strata/results.duckdb); --no-register to skip
  --json              print ab.json to stdout and nothing else
  -h, --help          this help

Exit codes: 0 ok (whatever the verdict), 1 bad config or data, 2 usage error.`;
