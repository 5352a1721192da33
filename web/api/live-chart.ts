import * as z from 'zod';
import type { StrategyManager } from '../../engine/manager.ts';
import { LiveActivity } from '../live/activity.ts';
import { portfolioEquity } from '../live/portfolio-equity.ts';
import { LiveActivitySchema, LiveChartSchema, LiveEquitySchema } from './live-schemas.ts';
import { parseQuery, SpecRouter } from './route-spec.ts';
import { answers, fails } from './schemas.ts';
import { apiError } from './strategies.ts';

const ChartQuery = z.object({
  symbol: z.string().min(1),
  timeframe: z.string().min(1),
  strategy: z.string().optional().describe('draw this strategy’s indicators, fills and stop/target levels'),
  limit: z.coerce.number().int().min(1).max(100_000).default(5000).describe('newest closed candles'),
});
const IdParam = z.object({ id: z.string() });

/**
 * The live chart's data and the activity tables: candle history of any series the session delivers or
 * aggregates (as recorded by LiveActivity since the server started), a strategy's indicators, fills, trades, open
 * position and pending orders, and the equity of every strategy and of the portfolio.
 */
export function liveChartRoutes(manager: StrategyManager, activity: LiveActivity): SpecRouter {
  const r = new SpecRouter();
  const tags = ['live'];
  r.add(
    {
      method: 'get',
      path: '/chart',
      operationId: 'liveChart',
      summary: 'Candle history of one series (closed, then the one in progress) with a strategy’s indicators (scale from the indicator registry), fills and open position',
      tags,
      query: ChartQuery,
      responses: { 200: answers('chart data (times epoch ms)', LiveChartSchema), 400: fails('symbol and timeframe are required; limit 1..100000'), 404: fails('unknown strategy') },
    },
    (c) => {
      const q = parseQuery(c, ChartQuery);
      if (!q.ok) return apiError(c, 400, 'symbol and timeframe are required; limit is an integer in 1..100000', q.problems);
      const { symbol, timeframe, strategy, limit } = q.value;
      if (strategy !== undefined && !manager.has(strategy)) return apiError(c, 404, `no strategy ${strategy}`);
      const inst = strategy === undefined ? null : manager.view(strategy);
      const onSymbol = inst !== null && inst.config.symbol === symbol;
      const candles = activity.closed(symbol, timeframe, limit);
      const from = candles.length > 0 ? candles[0].openTime : Number.POSITIVE_INFINITY;
      return c.json({
        symbol,
        timeframe,
        candles,
        inProgress: activity.inProgress(symbol, timeframe),
        strategy: strategy ?? null,
        indicators: inst !== null ? activity.indicators(strategy!, symbol, timeframe).map((l) => ({ ...l, points: l.points.filter(([t]) => t >= from) })) : [],
        fills: onSymbol ? activity.fills(strategy!).filter((f) => f.time >= from) : [],
        trades: onSymbol ? activity.trades(strategy!).filter((t) => t.exitTime >= from) : [],
        position: onSymbol ? inst!.account.position : null,
      });
    },
  );
  r.add(
    {
      method: 'get',
      path: '/activity/:id',
      operationId: 'liveActivity',
      summary: 'A strategy’s open position, open orders, rejections, fills, closed trades and equity curve since the server started',
      tags,
      params: IdParam,
      responses: { 200: answers('activity (times epoch ms)', LiveActivitySchema), 404: fails('unknown strategy') },
    },
    (c) => {
      const id = c.req.param('id') ?? '';
      if (!manager.has(id)) return apiError(c, 404, `no strategy ${id}`);
      const inst = manager.view(id);
      return c.json({ id, position: inst.account.position, lastPrice: inst.lastPrice, openOrders: activity.openOrders(id), rejections: activity.rejections(id), fills: activity.fills(id), trades: activity.trades(id), equity: activity.equity(id) });
    },
  );
  r.add(
    { method: 'get', path: '/equity', operationId: 'liveEquity', summary: 'Bar-by-bar equity of every strategy and of the portfolio (their sum)', tags, responses: { 200: answers('equity (times epoch ms)', LiveEquitySchema) } },
    (c) => {
      const strategies = manager.list().map((s) => ({ id: s.id, points: activity.equity(s.id) }));
      return c.json({ strategies, portfolio: portfolioEquity(strategies.map((s) => s.points)) });
    },
  );
  return r;
}
