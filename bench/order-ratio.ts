/**
 * The order-model fleet against the market-order fleet of the checkout at ROOT (default: this one), outside the
 * gate: the same figures the replay suite gates (bench/order-fleet.ts), printed for comparing two checkouts on a
 * quiet machine, run against each in turn and interleaved.
 *
 *   node --expose-gc --import tsx bench/order-ratio.ts [ROOT] [RUNS=5] [CANDLES=50000]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [root = resolve(import.meta.dirname, '..'), runs = '5', count = '50000'] = process.argv.slice(2);
const at = (file: string) => import(pathToFileURL(resolve(root, file)).href);
const { orderFleetFigures } = await at('bench/order-fleet.ts');
const { syntheticCandles } = await at('bench/candles.ts');
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
orderFleetFigures(syntheticCandles(Number(count)), Number(runs), { gc, log: (line: string) => console.log(`${root}: ${line}`), quick: true });
