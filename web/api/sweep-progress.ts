import { Hono } from 'hono';
import { sweepProgress } from '../../backtest/research/distributed/progress.ts';
import { apiError } from './strategies.ts';

/**
 * GET /:runId: the live progress of a distributed sweep (`strata sweep --executor`): done/total, rate, ETA,
 * results per worker and state, as its coordinator writes it to progress.json. Not mounted by itself: mount
 * it with `api.route('/sweeps', sweepProgressRoutes())` for GET /api/v1/sweeps/<runId>.
 */
export function sweepProgressRoutes(opts: { runsDir?: string; indexDir?: string } = {}): Hono {
  const app = new Hono();
  app.get('/:runId', (c) => {
    const runId = c.req.param('runId');
    const p = sweepProgress(runId, opts);
    return p ? c.json(p) : apiError(c, 404, `no distributed sweep ${runId}`);
  });
  return app;
}
