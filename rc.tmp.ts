import { ruleTestCosts } from './bench/rule-cost.ts';
import { syntheticCandles } from './bench/candles.ts';
const c = syntheticCandles(100000);
for (let k = 0; k < 2; k++) for (const r of ruleTestCosts(c, 5)) console.log(r.label, r.ns.toFixed(1), r.runs.map(x=>x.toFixed(0)).join(' '), r.hits);
