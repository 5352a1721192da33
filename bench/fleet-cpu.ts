/**
 * CPU ns per strategy-candle of the EMA+RSI+MACD fleet of the checkout at ROOT (default: this one), as the
 * median of repeated fresh fleets after a warm-up. For comparing two commits on a quiet machine, run it against
 * each checkout in turn, a few times, interleaved: the gate's tolerance on the 1,000-strategy figure only
 * catches a catastrophe (bench/tolerance.ts), so a smaller cost is found this way.
 *
 *   node --expose-gc --import tsx bench/fleet-cpu.ts [ROOT] [STRATEGIES=1000] [CANDLES=10000] [RUNS=5]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [root = resolve(import.meta.dirname, '..'), n = '1000', count = '10000', runs = '5'] = process.argv.slice(2);
const at = (file: string) => import(pathToFileURL(resolve(root, file)).href);
const { fleet, timeReplay, fleetTrades } = await at('bench/fleet.ts');
const { syntheticCandles } = await at('bench/candles.ts');
const strategies = Number(n);
const candles = syntheticCandles(Number(count));
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const ctx = { gc, log: () => {}, quick: true };
timeReplay(fleet(strategies), candles.slice(0, 2000), ctx); // JIT warm-up, not timed
const perUpdate: number[] = [];
let trades = 0;
for (let r = 0; r < Number(runs); r++) {
  const m = fleet(strategies);
  perUpdate.push(timeReplay(m, candles, ctx).cpuNs / (strategies * candles.length));
  trades = fleetTrades(m);
}
perUpdate.sort((a, b) => a - b);
const median = perUpdate[Math.floor(perUpdate.length / 2)];
console.log(`${root}: ${strategies} strategies x ${candles.length} candles, ${trades} trades: median ${median.toFixed(0)} CPU ns per strategy-candle (runs ${perUpdate.map((x) => x.toFixed(0)).join(', ')})`);
