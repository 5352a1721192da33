/** The API described for clients and tools (OpenAPI 3.1; the config schema is the same JSON Schema the API validates with). */
import { PRODUCTION_PATHS } from './production-openapi.ts';

const json = (schema: unknown) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const error = (description: string) => ({ description, content: json(ref('Error')) });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'strategy id' };
const runParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' }, description: 'run id, unique prefix, or folder name under the runs folder' };
const ok = (description: string, schema: unknown) => ({ description, content: json(schema) });

const transition = (verb: string, summary: string) => ({
  put: {
    operationId: `${verb}Strategy`,
    summary,
    parameters: [idParam],
    responses: { 200: ok('the strategy after the change', ref('StrategySummary')), 404: error('unknown strategy'), 409: error('not possible in its current status'), 403: error('foreign Origin') },
  },
});

export function openApiDocument(configSchema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _s, ...strategyConfig } = configSchema;
  return {
    openapi: '3.1.0',
    info: {
      title: 'Strata API',
      version: '1',
      description:
        'Strategy lifecycle on the running engine, recorded runs, and the strategy config schema. Bodies are validated by the same schema as the CLI: 400 lists every problem with its path. ' +
        'When the server has a token, send it as `Authorization: Bearer <token>` or `?token=`. State-changing requests from a browser must come from the same origin. Live events: WebSocket at /ws (see x-websocket).',
    },
    servers: [{ url: '/' }],
    security: [{}, { bearerAuth: [] }],
    paths: {
      '/api/v1/strategies/start': {
        post: {
          operationId: 'startStrategy',
          summary: 'Start a new strategy instance',
          requestBody: { required: true, content: json(ref('StrategyConfig')) },
          responses: {
            201: ok('started', { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] }),
            400: error('invalid JSON or config (every problem with its path)'),
            403: error('foreign Origin'),
            413: error('body over the size limit'),
            415: error('not JSON'),
            422: error('valid config the engine cannot run (no data for its series, code module not loaded)'),
          },
        },
      },
      '/api/v1/strategies': { get: { operationId: 'listStrategies', summary: 'All strategies, any status', responses: { 200: ok('strategies', { type: 'array', items: ref('StrategySummary') }) } } },
      '/api/v1/strategies/active': { get: { operationId: 'activeStrategies', summary: 'Running and paused strategies', responses: { 200: ok('strategies', { type: 'array', items: ref('StrategySummary') }) } } },
      '/api/v1/strategies/{id}': {
        get: { operationId: 'getStrategy', summary: 'One strategy: summary, parsed config, metrics', parameters: [idParam], responses: { 200: ok('strategy', { type: 'object' }), 404: error('unknown strategy') } },
        delete: {
          operationId: 'stopStrategy',
          summary: 'Stop a strategy (its open position is closed at the last price unless closePosition=false)',
          parameters: [idParam, { name: 'closePosition', in: 'query', schema: { type: 'boolean', default: true } }],
          responses: { 200: ok('stopped', ref('StrategySummary')), 404: error('unknown strategy'), 403: error('foreign Origin') },
        },
      },
      '/api/v1/strategies/{id}/pause': transition('pause', 'Pause a running strategy (indicators stay warm, stops stay armed, no new entries)'),
      '/api/v1/strategies/{id}/resume': transition('resume', 'Resume a paused strategy'),
      '/api/v1/strategies/{id}/restart': transition('restart', 'Reset to a fresh account and indicators and run again'),
      '/api/v1/strategies/{id}/config': {
        patch: {
          operationId: 'updateStrategyConfig',
          summary: 'Deep-merge a partial config into a running strategy (symbol, timeframe and capital cannot change)',
          parameters: [idParam],
          requestBody: { required: true, content: json({ type: 'object', description: 'a partial strategy config' }) },
          responses: { 200: ok('the new parsed config', { type: 'object', properties: { id: { type: 'string' }, config: { type: 'object' } } }), 400: error('invalid'), 404: error('unknown strategy'), 413: error('too large') },
        },
      },
      '/api/v1/strategies/{id}/metrics': { get: { operationId: 'strategyMetrics', summary: "The seed's StrategyMetrics", parameters: [idParam], responses: { 200: ok('metrics', ref('StrategyMetrics')), 404: error('unknown strategy') } } },
      '/api/v1/live': { get: { operationId: 'liveInfo', summary: 'What the live feed delivers (series) and its state', responses: { 200: ok('live feed', { type: 'object' }) } } },
      '/api/v1/health': { get: { operationId: 'health', summary: 'Health of every strategy and the feed, with open alerts (503 when one is critical)', responses: { 200: ok('health', { type: 'object' }), 503: ok('health with a critical alert', { type: 'object' }) } } },
      '/api/v1/versions': { get: { operationId: 'listVersionedStrategies', summary: 'Strategies with stored config versions', responses: { 200: ok('strategies', { type: 'array', items: { type: 'object' } }) } } },
      '/api/v1/versions/diff': { get: { operationId: 'diffVersions', summary: 'JSON diff of two config versions (?a=&b=)', responses: { 200: ok('diff', { type: 'object' }), 404: error('unknown version') } } },
      '/api/v1/versions/{id}': { get: { operationId: 'strategyVersions', summary: 'Version history of one strategy', responses: { 200: ok('versions', { type: 'array', items: { type: 'object' } }), 404: error('unknown strategy') } } },
      '/api/v1/versions/{id}/rollback': { post: { operationId: 'rollbackStrategy', summary: 'Switch a running strategy to a stored version at the next candle', responses: { 200: ok('switched', { type: 'object' }), 403: error('foreign Origin'), 404: error('unknown strategy or version') } } },
      '/api/v1/sweeps/{runId}': { get: { operationId: 'sweepProgress', summary: 'Progress of a distributed sweep (done/total, rate, ETA, per-worker counts)', responses: { 200: ok('progress', { type: 'object' }), 404: error('no such distributed sweep') } } },
      '/api/v1/runs': {
        get: {
          operationId: 'listRuns',
          summary: 'Recorded runs, newest first (results database and run folders)',
          parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } }],
          responses: { 200: ok('runs', { type: 'array', items: { type: 'object' } }) },
        },
      },
      '/api/v1/runs/{id}': { get: { operationId: 'getRun', summary: 'manifest.json and metrics.json of a run', parameters: [runParam], responses: { 200: ok('run', { type: 'object', properties: { manifest: { type: 'object' }, metrics: { type: 'object' } } }), 404: error('unknown run'), 400: error('path traversal') } } },
      '/api/v1/runs/{id}/trades': {
        get: {
          operationId: 'runTrades',
          summary: 'Closed trades of a run (times ISO 8601 UTC), paged',
          parameters: [runParam, { name: 'strategy', in: 'query', schema: { type: 'string' } }, { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 0, maximum: 100000, default: 1000 } }, { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } }],
          responses: { 200: ok('trades', { type: 'object', properties: { total: { type: 'integer' }, trades: { type: 'array', items: { type: 'object' } } } }), 404: error('unknown run') },
        },
      },
      '/api/v1/runs/{id}/equity': {
        get: {
          operationId: 'runEquity',
          summary: 'Equity and drawdown per strategy and of the portfolio (id __portfolio__), M4-downsampled: first, last, min and max of each time bucket survive',
          parameters: [runParam, { name: 'points', in: 'query', schema: { type: 'integer', minimum: 4, maximum: 100000, default: 2000 } }, { name: 'strategy', in: 'query', schema: { type: 'string' }, description: 'repeatable' }],
          responses: { 200: ok('series (times epoch ms)', { type: 'object' }), 404: error('unknown run') },
        },
      },
      ...PRODUCTION_PATHS,
      '/api/v1/bench': { get: { operationId: 'benchmarks', summary: 'Latest benchmark results, the baseline and the gate verdict (the page: /bench)', responses: { 200: ok('benchmarks', { type: 'object' }) } } },
      '/api/v1/schema/strategy-config': { get: { operationId: 'strategyConfigSchema', summary: 'JSON Schema of strategy configs', responses: { 200: ok('JSON Schema', { type: 'object' }) } } },
      '/api/v1/openapi.json': { get: { operationId: 'openapi', summary: 'This document', responses: { 200: ok('OpenAPI', { type: 'object' }) } } },
    },
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
      schemas: {
        StrategyConfig: strategyConfig,
        Error: {
          type: 'object',
          properties: { error: { type: 'string' }, problems: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } }, required: ['path', 'message'] } } },
          required: ['error'],
        },
        StrategySummary: {
          type: 'object',
          properties: { id: { type: 'string' }, name: { type: 'string' }, symbol: { type: 'string' }, timeframe: { type: 'string' }, status: { enum: ['running', 'paused', 'stopped', 'errored'] } },
          required: ['id', 'name', 'symbol', 'timeframe', 'status'],
        },
        StrategyMetrics: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            status: { enum: ['running', 'paused', 'stopped', 'errored'] },
            performance: { type: 'object', description: 'totalReturn, winRate, sharpeRatio, maxDrawdown, totalTrades and further fields (engine/metrics/formulas.ts); degenerate values are null' },
            current: { type: 'object', properties: { position: { type: ['object', 'null'] }, unrealizedPnL: { type: 'number' }, lastSignal: { type: ['object', 'null'] }, lastUpdate: { type: ['string', 'null'] } } },
            risk: { type: 'object', properties: { currentExposure: { type: 'number' }, riskScore: { type: 'number' }, violatedLimits: { type: 'array', items: { type: 'string' } } } },
          },
          required: ['id', 'name', 'status', 'performance', 'current', 'risk'],
        },
      },
    },
    'x-websocket': {
      path: '/ws',
      serverMessages: ['hello {strategies, series, candles, signals}', 'candle {candle, closed}', 'signal', 'fill', 'trade', 'metrics', 'status', 'error', 'feed', 'alert {alert} (health alert raised or cleared)'],
      clientMessages: ['{"subscribe": ["id1", "id2"]} (only these strategies and their symbols)', '{"subscribe": "*"} (everything)'],
      backpressure: 'candles and metrics are conflated per series/strategy for a client that reads slowly; a client whose backlog passes the hard limit is disconnected (close code 1013)',
    },
  };
}
