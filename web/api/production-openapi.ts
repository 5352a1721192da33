/** OpenAPI paths of the production routes (versions, health), spread into the API document. */

const json = (schema: unknown) => ({ 'application/json': { schema } });
const error = (description: string) => ({ description, content: json({ $ref: '#/components/schemas/Error' }) });
const ok = (description: string, schema: unknown) => ({ description, content: json(schema) });
const strategy = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'strategy id' };
const version = { type: 'object', description: 'strategyId, hash (sha256 of the canonical config), number, parent, source, note, author, createdAt, config' };

export const PRODUCTION_PATHS: Record<string, unknown> = {
  '/api/v1/health': {
    get: {
      operationId: 'health',
      summary: 'Health of the feed and of each strategy (last candle, processing latency p50/p99, errors, silence vs usual signal interval, drawdown vs backtest, exposure vs limit), active alerts and the last alert changes',
      responses: { 200: ok('ok or warning', { type: 'object' }), 503: ok('critical (the same body)', { type: 'object' }) },
    },
  },
  '/api/v1/versions': { get: { operationId: 'listVersionedStrategies', summary: 'Strategies with stored versions: count, current version, last change', responses: { 200: ok('strategies', { type: 'array', items: { type: 'object' } }), 404: error('no results database') } } },
  '/api/v1/versions/diff': {
    get: {
      operationId: 'diffVersions',
      summary: 'Parameter differences between two versions (paths with old → new)',
      parameters: [
        { name: 'from', in: 'query', required: true, schema: { type: 'string' }, description: 'hash prefix or <id>@<number>' },
        { name: 'to', in: 'query', required: true, schema: { type: 'string' } },
      ],
      responses: { 200: ok('changes', { type: 'object' }), 400: error('missing from/to'), 404: error('unknown version') },
    },
  },
  '/api/v1/versions/{id}': { get: { operationId: 'strategyVersions', summary: 'Versions of a strategy (oldest first) and every switch between them', parameters: [strategy], responses: { 200: ok('history', { type: 'object', properties: { versions: { type: 'array', items: version }, log: { type: 'array', items: { type: 'object' } }, current: { type: ['string', 'null'] } } }), 404: error('no versions') } } },
  '/api/v1/versions/{id}/rollback': {
    post: {
      operationId: 'rollbackStrategy',
      summary: 'Switch a running strategy to a stored version at its next candle (indicators rebuilt from its buffer; position and metrics kept)',
      parameters: [strategy],
      requestBody: { required: true, content: json({ type: 'object', properties: { version: { type: ['string', 'integer'] }, note: { type: 'string' } }, required: ['version'] }) },
      responses: { 200: ok('the version now running and its config', { type: 'object' }), 400: error('no version given'), 404: error('unknown strategy or version'), 409: error('the strategy cannot take it (stopped, other symbol/timeframe/capital)') },
    },
  },
};
