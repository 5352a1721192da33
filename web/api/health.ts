import { Hono } from 'hono';
import { HealthMonitor } from '../../backtest/alerts/health-monitor.ts';
import type { StrategyManager } from '../../engine/manager.ts';
import { apiError } from './strategies.ts';

/**
 * GET /api/v1/health: overall status (ok | warning | critical), the feed, each strategy's health (last candle,
 * processing latency p50/p99, errors, time since its last signal against its usual interval, drawdown against
 * its backtest's, exposure against its limit), active alerts and the last alert changes. Reads the monitor
 * attached to the manager (a paper session's, or the one the server starts with itself); a request never
 * starts one, so an app without a monitor answers 503.
 */
export function healthRoutes(manager: StrategyManager): Hono {
  const app = new Hono();
  app.get('/', (c) => {
    const monitor = HealthMonitor.of(manager);
    if (!monitor) return apiError(c, 503, 'no health monitor is attached to this manager (startServer and paper sessions attach one)');
    monitor.evaluate();
    const report = monitor.report();
    return c.json(report, report.status === 'critical' ? 503 : 200);
  });
  return app;
}
