import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run as backtestCommand } from '../../cli/commands/backtest.ts';
import { tempDir } from '../../testkit/data.ts';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import type { StrategyConfigInput } from '../../engine/config/schema.ts';
import { ArrayFeed } from '../../engine/feed.ts';
import { portfolioJsonSchema } from '../../engine/portfolio/config.ts';
import { PORTFOLIO_LIMIT } from '../../engine/portfolio/oms.ts';
import type { StrategyFactory } from '../../engine/strategy/strategy.ts';
import { closedEvents, randomWalk, sha256, T0 } from '../../tests/engine/helpers.ts';
import { scripted, type Plan } from '../../tests/engine/scripted.ts';
import { configFiles } from './load-configs.ts';
import { loadPortfolio } from './load-portfolio.ts';
import type { PortfolioSpec } from './portfolio-run.ts';
import { runBacktest } from './run-backtest.ts';
import { metricsDocument, writeRunFiles } from '../records/run-files.ts';
import { sqlString, withScratchDuckDB } from '../../data/duck-scratch.ts';

/** Rows of a Parquet file as plain objects, with the given select list, in file order. */
async function parquetRows(path: string, select: string): Promise<Record<string, unknown>[]> {
  return withScratchDuckDB(async (c) => (await c.runAndReadAll(`SELECT ${select} FROM read_parquet(${sqlString(path)})`)).getRowObjectsJson().map((r) => ({ ...r, ...(r.time !== undefined ? { time: Number(r.time) } : {}) })));
}

const HOURLY = randomWalk('BTC/USDT', 24 * 40, 11, 100, T0, '1h', 3_600_000);
const feed = () => new ArrayFeed(closedEvents(HOURLY), [{ symbol: 'BTC/USDT', timeframe: '1h' }]);
const at = (i: number) => T0 + i * 3_600_000;

const rule = (id: string, fast: number, slow: number): StrategyConfigInput => ({
  id,
  symbol: 'BTC/USDT',
  timeframe: '1h',
  indicators: { fast: { type: 'ema', period: fast }, slow: { type: 'ema', period: slow } },
  rules: { entry: { condition: 'ema_crossover_bullish' }, exit: { condition: 'ema_crossover_bearish' } },
  risk: { maxPositionSize: 0.5 },
});

const coded = (id: string, extra: Partial<StrategyConfigInput> = {}): StrategyConfigInput =>
  ({ id, symbol: 'BTC/USDT', timeframe: '1h', module: id, allowShort: true, sizing: { mode: 'quantity', value: 10 }, execution: { feeBps: 10, slippageBps: 5 }, ...extra }) as StrategyConfigInput;

const equal = (extra: Partial<PortfolioSpec> = {}): PortfolioSpec => ({ capital: 100_000, allocation: { mode: 'equal', rebalance: '1d' }, limits: {}, netting: false, ...extra });

async function backtest(configs: StrategyConfigInput[], portfolio?: PortfolioSpec, plans: Record<string, Plan> = {}) {
  const modules = new Map<string, StrategyFactory>(Object.entries(plans).map(([id, plan]) => [id, scripted(plan)]));
  return runBacktest({ configs: configs.map((c) => parseStrategyConfig(c)), feed: feed(), modules, portfolio });
}

describe('runBacktest with a portfolio', () => {
  it('attribution sums to the portfolio total return to 1e-9; a strategy correlates 1 with its twin', async () => {
    const r = await backtest([rule('a', 5, 20), rule('b', 9, 30), { ...rule('twin', 5, 20) }], equal({ netting: true }));
    const p = r.portfolio;
    expect(p.totalTrades).toBeGreaterThan(10);
    const sum = Object.values(p.attribution).reduce((x, y) => x + y, 0);
    expect(Math.abs(sum - p.totalReturn), 'contributions add up to the portfolio return').toBeLessThan(1e-9);
    expect(Math.abs(r.portfolioAnalytics.attribution.total.portfolioReturn - p.totalReturn)).toBeLessThan(1e-9);
    for (const d of r.portfolioAnalytics.attribution.day) {
      expect(Math.abs(Object.values(d.contributions).reduce((x, y) => x + y, 0) - d.portfolioReturn)).toBeLessThan(1e-9);
    }
    expect(r.portfolioAnalytics.attribution.day).toHaveLength(40);
    expect(r.portfolioAnalytics.correlation.period).toBe('day');
    const ids = r.portfolioAnalytics.correlation.ids;
    const m = r.portfolioAnalytics.correlation.matrix;
    expect(m.get(ids.indexOf('a'), ids.indexOf('a'))).toBe(1);
    expect(m.get(ids.indexOf('a'), ids.indexOf('twin'))!, 'a and its twin trade identically').toBeCloseTo(1, 9);
    expect(p.correlatedPairs.map((c) => `${c.a}~${c.b}`)).toContain('a~twin');
    expect(p.diversificationRatio).not.toBeNull();
    expect(p.oms!.capital).toBe(100_000);
    for (const s of r.strategies) expect(s.config.capital, 'the capital is split equally').toBeCloseTo(100_000 / 3, 9);
    const strip = (t: readonly { strategyId: string }[]) => t.map(({ strategyId: _id, ...rest }) => rest);
    expect(strip(r.strategies[2].trades), 'strategies acting at one time size from the same portfolio equity, whatever their order').toEqual(strip(r.strategies[0].trades));
    const doc = metricsDocument(r) as { portfolio: Record<string, unknown> };
    expect(Object.keys(doc.portfolio)).toEqual(expect.arrayContaining(['totalReturn', 'sharpeRatio', 'sortinoRatio', 'calmarRatio', 'maxDrawdown', 'attribution', 'correlatedPairs', 'diversificationRatio', 'oms', 'analytics', 'blockedOrders']));
  });

  it('two strategies with opposite signals: each books its solo P&L, the net position is theirs netted, netting saves fees', async () => {
    const plans: Record<string, Plan> = {
      up: { [at(10)]: 'BUY', [at(50)]: 'EXIT', [at(100)]: 'BUY', [at(150)]: 'EXIT' },
      down: { [at(10)]: 'SELL', [at(50)]: 'EXIT', [at(120)]: 'SELL', [at(200)]: 'EXIT' },
    };
    const configs = [coded('up'), coded('down', { sizing: { mode: 'quantity', value: 6 } })];
    const together = await backtest(configs, equal({ netting: true }), plans);
    for (const c of configs) {
      const solo = await backtest([c], undefined, plans);
      const mine = together.strategies.find((s) => s.id === c.id)!;
      expect(sha256(mine.trades), `${c.id} trades as it does alone`).toBe(sha256(solo.strategies[0].trades));
      expect(mine.metrics.performance.realizedPnL).toBe(solo.strategies[0].metrics.performance.realizedPnL);
      expect(mine.metrics.performance.fees).toBe(solo.strategies[0].metrics.performance.fees);
    }
    const venue = together.portfolio.oms!.venue;
    expect(venue.feeSaving).toBeGreaterThan(0);
    expect(venue.strategyFees).toBeCloseTo(together.portfolio.fees, 9);
    expect(venue.venueOrders).toBeLessThan(venue.legs);
    expect(together.portfolio.oms!.netExposure[0].quantity, 'both flat at the end').toBe(0);
  });

  it('a portfolio limit blocks an order: recorded on the strategy, the portfolio and as orderBlocked; the others are unaffected', async () => {
    const plans: Record<string, Plan> = {
      a: { [at(5)]: 'BUY', [at(60)]: 'EXIT', [at(300)]: 'BUY', [at(400)]: 'EXIT' },
      b: { [at(5)]: 'BUY', [at(70)]: 'EXIT' },
      c: { [at(20)]: 'BUY', [at(90)]: 'EXIT' },
    };
    const configs = [coded('a'), coded('b'), coded('c')];
    const free = await backtest(configs, equal(), plans);
    const limited = await backtest(configs, equal({ limits: { maxOpenPositions: 2 } }), plans);
    expect(limited.blocked.map((b) => [b.strategyId, b.limit])).toEqual([['c', PORTFOLIO_LIMIT.maxOpenPositions]]);
    expect(limited.portfolioBlocked).toHaveLength(1);
    expect(limited.strategies[2].metrics.risk.violatedLimits).toEqual([PORTFOLIO_LIMIT.maxOpenPositions]);
    expect(limited.portfolio.oms!.violatedLimits).toEqual([PORTFOLIO_LIMIT.maxOpenPositions]);
    for (const i of [0, 1]) expect(sha256(limited.strategies[i].trades)).toBe(sha256(free.strategies[i].trades));
    expect(limited.strategies[2].trades).toHaveLength(0);
    const doc = metricsDocument(limited) as { portfolio: { blockedOrders: { limit: string }[]; blockedOrdersCount: number; blockedOrdersFile: string } };
    expect(doc.portfolio.blockedOrders[0].limit).toBe(PORTFOLIO_LIMIT.maxOpenPositions);
    expect(doc.portfolio).toMatchObject({ blockedOrdersCount: 1, blockedOrdersFile: 'blocked-orders.parquet' });
    const dir = tempDir();
    try {
      await writeRunFiles(dir.dir, limited);
      const rows = await parquetRows(join(dir.dir, 'blocked-orders.parquet'), 'epoch_ms(time) AS time, strategy_id, order_id, symbol, "limit", detail');
      expect(rows).toEqual(limited.portfolioBlocked.map((b) => ({ time: b.time, strategy_id: b.strategyId, order_id: b.orderId, symbol: b.symbol, limit: b.limit, detail: b.detail })));
    } finally {
      dir.cleanup();
    }
  });

  it('without a portfolio the analytics still describe the strategies as a sum, and no OMS is involved', async () => {
    const r = await backtest([rule('a', 5, 20), rule('b', 9, 30)]);
    expect(r.portfolio.oms).toBeNull();
    expect(Math.abs(Object.values(r.portfolio.attribution).reduce((x, y) => x + y, 0) - r.portfolio.totalReturn)).toBeLessThan(1e-9);
  });
});

describe('portfolio files and the CLI', () => {
  let tmp: ReturnType<typeof tempDir>;
  let out = '';
  let err = '';
  beforeEach(() => {
    tmp = tempDir();
    out = '';
    err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    tmp.cleanup();
  });

  it('loads the example portfolio: referenced files relative to it, inline configs in place', () => {
    const p = loadPortfolio('examples/portfolio.json');
    expect(p.configs.map((c) => c.config.id)).toEqual(['macd_btc_15m', 'bollinger_btc_5m', 'rsi_fade_btc_5m']);
    expect(p.configs[0].source).toMatch(/examples\/macd_btc_15m\.json$/);
    expect(p.configs[2].source).toBe('examples/portfolio.json#strategies[2]');
    expect(p.portfolio.netting).toBe(true);
  });

  it('reports every problem of the portfolio and of its strategy files, each with its path', () => {
    mkdirSync(join(tmp.dir, 's'));
    writeFileSync(join(tmp.dir, 's', 'bad.json'), JSON.stringify({ symbol: 'BTC/USDT', timeframe: '1h', rules: { entry: { condition: 'nope >' } } }));
    const file = join(tmp.dir, 'p.json');
    writeFileSync(file, JSON.stringify({ capital: 0, strategies: [{ config: 's/bad.json' }, { config: 'missing.json' }, { config: { symbol: 'x y' } }], limits: { maxOpenPositions: 1.5 } }));
    let message = '';
    try {
      loadPortfolio(file);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain(`${file}: invalid portfolio config`);
    for (const path of ['capital:', 'limits.maxOpenPositions:', 'strategies[0].config.rules.entry.condition:', 'strategies[1].config: missing.json: no such file', 'strategies[2].config.symbol:']) {
      expect(message).toContain(`- ${path}`);
    }
  });

  it('directory scans for strategy configs leave portfolio configs out', () => {
    const files = configFiles(['examples']);
    expect(files).toContain('examples/macd_btc_15m.json');
    expect(files.some((f) => f.endsWith('portfolio.json'))).toBe(false);
  });

  it('the committed portfolio JSON Schema is the generated one', () => {
    expect(JSON.parse(readFileSync('examples/portfolio.schema.json', 'utf8'))).toEqual(portfolioJsonSchema());
  });

  it('strata backtest --portfolio runs the portfolio and prints attribution and correlated pairs after the table', async () => {
    const code = await backtestCommand(['--portfolio', 'examples/portfolio.json', '--data', 'data/samples/UNITTEST_BTC-1m.json', '--symbol', 'BTC/USDT', '--out', join(tmp.dir, 'run'), '--no-register']);
    expect(code, err).toBe(0);
    const table = out.indexOf('Strategy');
    expect(table).toBeGreaterThanOrEqual(0);
    expect(out.indexOf('Attribution (contribution to portfolio return):')).toBeGreaterThan(table);
    expect(out).toMatch(/Correlated pairs \((daily|hourly) returns > 0\.70\)/);
    expect(out).toMatch(/OMS: capital 100000\.00, volatility allocation \(rebalance 1d\), netting on: \d+ venue order\(s\) for \d+ fill\(s\)/);
    const metrics = JSON.parse(readFileSync(join(tmp.dir, 'run', 'metrics.json'), 'utf8')) as { portfolio: { attribution: Record<string, number>; totalReturn: number; oms: { allocation: { mode: string } } } };
    expect(Object.keys(metrics.portfolio.attribution)).toEqual(['macd_btc_15m', 'bollinger_btc_5m', 'rsi_fade_btc_5m']);
    expect(metrics.portfolio.oms.allocation.mode).toBe('volatility');
    // The weights at every rebalance are in allocation-history.parquet; the last rebalance's are the current weights.
    const { weights, historyCount, historyFile } = (metrics.portfolio.oms.allocation as unknown as { weights: { id: string; weight: number }[]; historyCount: number; historyFile: string });
    expect(historyFile).toBe('allocation-history.parquet');
    expect(historyCount).toBeGreaterThan(1);
    const history = await parquetRows(join(tmp.dir, 'run', historyFile), 'epoch_ms(time) AS time, strategy_id, weight');
    expect(history).toHaveLength(historyCount * 3);
    expect(history.slice(-3).map((r) => [r.strategy_id, r.weight])).toEqual(weights.map((w) => [w.id, w.weight]));
    expect(new Set(history.map((r) => r.time)).size).toBe(historyCount);
    const manifest = JSON.parse(readFileSync(join(tmp.dir, 'run', 'manifest.json'), 'utf8')) as { portfolio: { source: string } };
    expect(manifest.portfolio.source).toBe('examples/portfolio.json');
  });

  it('refuses config files together with --portfolio (usage error)', async () => {
    expect(await backtestCommand(['examples/macd_btc_15m.json', '--portfolio', 'examples/portfolio.json', '--data', 'x.json'])).toBe(2);
    expect(err).toContain('not both');
  });
});




