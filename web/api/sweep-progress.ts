import * as z from 'zod';
import { sweepProgress } from '../../backtest/research/distributed/progress.ts';
import { SpecRouter } from './route-spec.ts';
import { answers, fails, SweepProgressSchema } from './schemas.ts';
import { apiError } from './strategies.ts';

/**
 * GET /:runId: the live progress of a distributed sweep (`strata sweep --executor`): done/total, rate, ETA,
 * results per worker and state, as its coordinator writes it to progress.json. Not mounted by itself: mount
 * it with `api.include('/sweeps', sweepProgressRoutes())` for GET /api/v1/sweeps/<runId>.
 */
export function sweepProgressRoutes(opts: { runsDir?: string; indexDir?: string } = {}): SpecRouter {
  const r = new SpecRouter();
  r.add(
    {
      method: 'get',
      path: '/:runId',
      operationId: 'sweepProgress',
      summary: 'Progress of a distributed sweep (done/total, rate, ETA, per-worker counts)',
      tags: ['sweeps'],
      params: z.object({ runId: z.string().describe('the sweep’s run id') }),
      responses: { 200: answers('progress', SweepProgressSchema), 404: fails('no such distributed sweep') },
    },
    (c) => {
      const runId = c.req.param('runId')!;
      const p = sweepProgress(runId, opts);
      return p ? c.json(p) : apiError(c, 404, `no distributed sweep ${runId}`);
    },
  );
  return r;
}
