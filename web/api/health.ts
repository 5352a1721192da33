import { Hono } from 'hono';
import { HealthMonitor } from '../../backtest/live/alerts/health-monitor.ts';
import type { StrategyManager } from '../../engine/manager.ts';

/**
 * GET /api/v1/health: overall status (ok | warning | critical), the feed, each strategy's health (last candle,
 * processing latency p50/p99, errors, time since its last signal against its usual interval, drawdown against
 * its backtest's, exposure against its limit), active alerts and the last alert changes. Uses the monitor a
 * paper session attached; a server without one starts monitoring at the first request.
 */
export function healthRoutes(manager: StrategyManager): Hono {
  const app = new Hono();
  app.get('/', (c) => {
    const monitor = HealthMonitor.attach(manager);
    monitor.evaluate();
    const report = monitor.report();
    return c.json(report, report.status === 'critical' ? 503 : 200);
  });
  return app;
}
