import * as z from 'zod';
import { HealthMonitor } from '../../backtest/live/alerts/health-monitor.ts';
import type { StrategyManager } from '../../engine/manager.ts';
import { SpecRouter } from './route-spec.ts';
import { answers, ErrorSchema, HealthReportSchema } from './schemas.ts';
import { apiError } from './strategies.ts';

/**
 * GET /api/v1/health: overall status (ok | warning | critical), the feed, each strategy's health (last candle,
 * processing latency p50/p99, errors, time since its last signal against its usual interval, drawdown against
 * its backtest's, exposure against its limit), active alerts and the last alert changes. Reads the monitor
 * attached to the manager (a paper session's, or the one the server starts with itself); a request never
 * starts one, so an app without a monitor answers 503.
 */
export function healthRoutes(manager: StrategyManager): SpecRouter {
  const app = new SpecRouter();
  const spec = {
    method: 'get',
    path: '/',
    operationId: 'health',
    summary: 'Health of the feed and of each strategy (last candle, processing latency p50/p99, errors, silence vs usual signal interval, drawdown vs backtest, exposure vs limit), active alerts and the last alert changes',
    tags: ['health'],
    responses: { 200: answers('ok or warning', HealthReportSchema), 503: { description: 'critical (the same body), or an Error when no monitor is attached', schema: z.union([HealthReportSchema, ErrorSchema]) } },
  } as const;
  app.add(spec, (c) => {
    const monitor = HealthMonitor.of(manager);
    if (!monitor) return apiError(c, 503, 'no health monitor is attached to this manager (startServer and paper sessions attach one)');
    monitor.evaluate();
    const report = monitor.report();
    return c.json(report, report.status === 'critical' ? 503 : 200);
  });
  return app;
}
