/**
 * Runs the fake exchange on its own (for trying `strata paper` by hand):
 *
 *   npx tsx testkit/fake-exchange/serve.ts [--timeframe 1s] [--symbols BTC/USDT,ETH/USDT] [--history 600] [--seed 1] [--speed 1]
 *
 * Serves generated candles from `history` bars before now to a day after, and prints its URL; then
 * `strata paper examples/... --exchange-url <URL> --symbols BTC/USDT`. With `--speed N` the exchange clock runs
 * N times faster than the wall clock (give the paper session `--stale-after` in wall-clock ms to match).
 */
import { parseArgs } from 'node:util';
import { timeframeMs } from '../../engine/timeframe.ts';
import { acceleratedClock, FakeExchange, generatedSeries } from './fake-exchange.ts';

const { values } = parseArgs({
  options: {
    timeframe: { type: 'string', default: '1s' },
    symbols: { type: 'string', default: 'BTC/USDT' },
    history: { type: 'string', default: '600' },
    seed: { type: 'string', default: '1' },
    speed: { type: 'string', default: '1' },
    port: { type: 'string' },
  },
});
const tf = values.timeframe!;
const step = timeframeMs(tf);
const speed = Number(values.speed);
const start = Math.floor(Date.now() / step) * step - Number(values.history) * step;
const bars = Number(values.history) + Math.ceil((86_400_000 * speed) / step);
const symbols = values.symbols!.split(',');
const fake = await new FakeExchange({
  series: symbols.map((s, i) => generatedSeries(s, tf, bars, Number(values.seed) + i, start)),
  now: speed === 1 ? undefined : acceleratedClock(Date.now(), speed),
}).start();
process.stdout.write(JSON.stringify({ url: fake.url, ws: fake.wsUrl, timeframe: tf, symbols, start }) + '\n');
const shutdown = () => void fake.stop().then(() => process.exit(0));
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
