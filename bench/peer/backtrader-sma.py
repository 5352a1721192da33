"""The backtrader half of bench/peer/cli-vs-backtrader.ts: SMA crossover strategies over one daily candle CSV.

    BACKTRADER_SRC=/path/to/backtrader python3 bench/peer/backtrader-sma.py CSV PAIRS TRADES_JSON

CSV         date,open,high,low,close,volume (ISO dates), as cli-vs-backtrader.ts writes it
PAIRS       fast:slow,fast:slow,...  (one strategy per pair)
TRADES_JSON where to write every closed round trip and the process's CPU time:
            {"cpuSeconds": s, "trips": {"fast:slow": [[entry_date, exit_date], ...]}}

The strategy mirrors Strata's rule config (`sma_crossover_bullish` / `sma_crossover_bearish`, long only): buy
one unit when SMA(fast) crosses above SMA(slow) on a bar's close, close the position when it crosses below;
market orders fill at the next bar's open (backtrader's default, no cheat-on-close); no commission, no slippage;
cash large enough that no order is ever refused. The pairs run as one `optstrategy` with `maxcpus=1`: the
data is loaded and preloaded once and each pair gets its own broker (strategies added with `addstrategy`
would share one broker position), which is the most favourable way to run several strategies in backtrader.
The whole process is what the caller times.
"""
import collections
import collections.abc
import json
import os
import sys
import time

# backtrader 1.9.78 still names collections.Iterable in lineiterator.py, removed in Python 3.10.
if not hasattr(collections, 'Iterable'):
    collections.Iterable = collections.abc.Iterable

if os.environ.get('BACKTRADER_SRC'):
    sys.path.insert(0, os.environ['BACKTRADER_SRC'])
import backtrader as bt  # noqa: E402


class SmaCross(bt.Strategy):
    params = (('fast', 10), ('slow', 30))

    def __init__(self):
        fast = bt.indicators.SMA(self.data.close, period=self.p.fast)
        slow = bt.indicators.SMA(self.data.close, period=self.p.slow)
        self.crossover = bt.indicators.CrossOver(fast, slow)
        self.round_trips = []

    def next(self):
        if not self.position:
            if self.crossover > 0:
                self.buy(size=1)
        elif self.crossover < 0:
            self.close()

    def notify_trade(self, trade):
        if trade.isclosed:
            opened = bt.num2date(trade.dtopen).date().isoformat()
            closed = bt.num2date(trade.dtclose).date().isoformat()
            self.round_trips.append([opened, closed])


def main():
    csv, pairs_arg, out = sys.argv[1:4]
    pairs = [tuple(int(x) for x in p.split(':')) for p in pairs_arg.split(',')]
    cerebro = bt.Cerebro(maxcpus=1, optreturn=False, stdstats=False)
    data = bt.feeds.GenericCSVData(
        dataname=csv, dtformat='%Y-%m-%d', timeframe=bt.TimeFrame.Days,
        datetime=0, open=1, high=2, low=3, close=4, volume=5, openinterest=-1)
    cerebro.adddata(data)
    cerebro.broker.setcash(1e12)
    # optstrategy takes the product of its iterables: one strategy per (fast, slow) pair needs one index.
    cerebro.optstrategy(PairCross, pair=list(range(len(pairs))), pairs=[tuple(pairs)])
    runs = cerebro.run()
    trips = {}
    for run in runs:
        s = run[0]
        trips[f'{s.p.fast}:{s.p.slow}'] = s.round_trips
    with open(out, 'w') as f:
        json.dump({'cpuSeconds': time.process_time(), 'trips': trips}, f)


class PairCross(SmaCross):
    params = (('pair', 0), ('pairs', ()))

    def __init__(self):
        self.p.fast, self.p.slow = self.p.pairs[self.p.pair]
        super().__init__()


if __name__ == '__main__':
    main()
