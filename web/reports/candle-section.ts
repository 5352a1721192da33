import type { StrategyChart } from './candle-data.ts';
import { esc } from './html.ts';

/** JSON safe inside a <script> element. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');
/** A script body safe inside a <script> element. */
export const inlineScript = (js: string) => js.replace(/<\/script/gi, '<\\/script');

/**
 * The report's candlestick section: a strategy picker, the chart (drawn by the inlined candle script), a legend
 * of what the marks mean, and the trades table whose rows zoom the chart. Null when no strategy has candles.
 */
export function candleSection(charts: readonly StrategyChart[], script: string): string | null {
  const usable = charts.filter((c) => c.candles.length > 0);
  if (usable.length === 0) return null;
  const options = usable.map((c, i) => `<option value="${i}">${esc(c.name)} · ${esc(c.symbol)} ${esc(c.timeframe)}</option>`).join('');
  return `<section class="chart" id="prices"><h2>Price, indicators and trades</h2>
<p class="note">Candles at each strategy’s own timeframe with its indicators (price-scale ones over the candles, oscillators below), volume, ▲▼ entries and exits numbered by trade, and each trade’s stop (red) and target (green) as dashed segments from entry to exit. Wheel to zoom, drag to pan; click a trade to zoom to it.</p>
<div class="candle-holder" data-candle-chart="candle-data">
<p><label>Strategy <select aria-label="strategy">${options}</select></label> <span class="candle-note muted"></span></p>
<div class="candle-chart"></div>
<h3>Trades</h3>
<div class="tablewrap scroll"><table class="trades"><thead><tr><th class="num">#</th><th>Side</th><th>Entry</th><th class="num">Entry price</th><th>Exit</th><th class="num">Exit price</th><th class="num">P&amp;L</th><th class="num">Return</th><th>Exit reason</th></tr></thead><tbody></tbody></table></div>
</div>
<script type="application/json" id="candle-data">${scriptJson(usable)}</script>
<script>${inlineScript(script)}</script>
</section>`;
}
