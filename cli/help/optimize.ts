/** Help text of `strata optimize`, kept apart from the command so --help prints before its dependencies load. */
export const HELP = `Usage: strata optimize <config.json> --data <store | candle file>... --param SPACE... [options]
       strata optimize ... --executor redis://host:port      (trials run on strata worker processes)
       strata optimize --executor redis://host:port --resume RUN_ID

Searches a parameter space with far fewer backtests than a grid: random (uniform or Halton), TPE (the
tree-structured Parzen estimator behind hyperopt and optuna) or NSGA-II (several objectives: the Pareto
front). Seeded and deterministic: the same seed gives the same trials and the same table at any worker
count and on the queue. The recommendation is the best point of the robust region (its neighbourhood
average), with the deflated Sharpe ratio for the trials run and a plain overfitting verdict.

Parameter space (--param, repeat; see backtest/RESEARCH.md):
  PATH=int:LOW:HIGH[:STEP][:log]   e.g. indicators.fast.period=int:5:50
  PATH=float:LOW:HIGH[:log]        e.g. risk.stopLoss=float:0.005:0.05:log
  PATH=choice:a,b,c                unordered choices, e.g. indicators.fast.type=choice:ema,sma
  PATH=a:b:step or PATH=a,b,c      the sweep's grid syntax: an ordered choice over exactly those values
  --condition EXPR     a condition between parameters, by path or last key: "slowPeriod > fastPeriod"

Search:
  --search NAME        random | tpe | nsga2 (default tpe; nsga2 for two or more objectives)
  --sampling NAME      random search points: uniform (default) or halton
  --trials N           trials per optimisation (default 100)
  --seed S             seed of every random choice (default 1)
  --batch N            trials proposed together (default random 32, tpe 8, nsga2 24 = the population);
                       independent of --workers, so it is part of what makes a run reproducible

Objectives and constraints (over metrics: ${'sharpe_per_bar, sharpe, sortino, total_return, max_drawdown, cagr, calmar, win_rate, trades, profit_factor, ...'}):
  --objective EXPR     [max:|min:]EXPR, e.g. sharpe, "max:sharpe - 0.5 * max_drawdown", min:max_drawdown
                       (default sharpe_per_bar, not annualised so present for any span;
                       repeat for nsga2). A bare drawdown is minimised.
  --constraint EXPR    e.g. "trades >= 30", "max_drawdown < 0.25"; trials that miss one are infeasible

Early stopping (trials recorded as pruned):
  --prune              stop a trial whose return at a checkpoint is --prune-margin below the median of
                       trials finished in earlier batches at that checkpoint (at least 5 of them)
  --prune-margin X     in return units (default 0.1 = ten percentage points)
  --checkpoints N      evenly spaced checkpoints (default 4)
  --prune-drawdown X   stop a trial once its drawdown passes X (e.g. 0.3)

Walk-forward:
  --walkforward        optimise in each training window, test the recommendation on the window after
  --train D --test D [--step D]   window lengths, e.g. --train 180d --test 30d

Running and output:
  --workers N          worker threads (default all cores; 0 = this thread)
  --top N              trials printed (default 10)
  --data, --symbol, --timeframe, --exchange, --from, --to, --capital, --out, --results-db, --no-register, --json
  --executor URL, --shared-data DIR, --queue-name NAME, --attempts N, --resume RUN_ID   as for strata sweep

Writes trials.parquet and trials.csv (every trial: parameters, objectives, status, metrics, wall time),
optimize.json (recommendation, robust region, importance, convergence, Pareto front, deflated Sharpe,
walk-forward decay, findings), recommended-config.json and manifest.json; registers the run (kind
optimize) and its trials in the results database.

Exit codes: 0 ok, 1 bad config or data, 2 usage error (including a bad --objective or --constraint).`;
