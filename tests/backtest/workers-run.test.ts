/**
 * `strata backtest --workers N`: strategies split over worker threads give the run folder one thread gives,
 * file for file and byte for byte; portfolio mode stays on one thread and says so.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBacktestJob, type BacktestJobResult } from '../../backtest/run/backtest-job.ts';
import { runCli } from './cli-helpers.ts';

const DATA = { paths: ['data/samples/UNITTEST_BTC-1m.json'], symbol: 'BTC/USDT' };
let tmp: string;
let configs: string[];
let one: BacktestJobResult;
let three: BacktestJobResult;

const job = (workers: number, out: string) =>
  runBacktestJob({ configPaths: configs, data: DATA, outDir: join(tmp, out), resultsDb: null, command: 'strata backtest', now: () => new Date(0), workers });

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'strata-workers-'));
  // A twin of the 1h EMA crossover under another id: it trades on exactly the bars the original does, from
  // another shard, so the merge has to order events of different threads at one bar.
  const twin = join(tmp, 'ema_twin_btc_1h.json');
  writeFileSync(twin, JSON.stringify({ ...JSON.parse(readFileSync('examples/ema_btc_1h.json', 'utf8')), id: 'ema_twin_btc_1h', $schema: undefined }));
  configs = [
    'examples/ema_btc_1h.json',
    'examples/macd_btc_15m.json',
    twin,
    'examples/trend_filter_btc_15m.json', // 15m with a 4h informative series
    'examples/ema_detail_btc_1h.json', // limit entries, resolved on the 1m bars
    'examples/bollinger_btc_5m.json',
  ];
  one = await job(1, 'one');
  three = await job(3, 'three');
}, 300_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('strata backtest --workers', () => {
  it('runs on three threads, and the manifest says so', () => {
    expect(one.manifest.workers).toEqual({ requested: 1, used: 1, reason: null });
    expect(three.manifest.workers).toEqual({ requested: 3, used: 3, reason: null });
  });

  it('the strategies really trade, at the same bars across shards, with limit orders and the 4h series', () => {
    const r = one.result;
    const count = (id: string) => r.trades.filter((t) => t.strategyId === id).length;
    for (const s of r.strategies) expect(count(s.id), `${s.id} trades on the sample`).toBeGreaterThan(0);
    const entries = (id: string) => r.fills.filter((f) => f.strategyId === id).map((f) => f.time);
    expect(entries('ema_twin_btc_1h'), 'the twin fills on the bars the original fills on').toEqual(entries('ema_btc_1h'));
    expect(r.strategies.find((s) => s.id === 'ema_detail_btc_1h')!.detailFills, 'limit fills resolved on the minute bars').toBeGreaterThan(0);
  });

  it('writes every file of the run folder byte for byte as one thread does (the manifest but its workers field)', () => {
    const files = readdirSync(one.outDir).sort();
    expect(readdirSync(three.outDir).sort()).toEqual(files);
    expect(files.length).toBeGreaterThan(4);
    for (const f of files) {
      const a = readFileSync(join(one.outDir, f));
      const b = readFileSync(join(three.outDir, f));
      if (f === 'manifest.json') {
        const strip = (buf: Buffer) => ({ ...JSON.parse(buf.toString('utf8')), workers: null });
        expect(strip(b), f).toEqual(strip(a));
      } else expect(b.equals(a), `${f} is byte-identical`).toBe(true);
    }
  });

  it('gives the same portfolio total as adding every strategy equity in config order at each bar group', () => {
    const r = three.result;
    // Independent: each strategy's equity as of every portfolio sample time, from its own curve.
    const curves = r.strategies.map((s) => s.equity!);
    const cursor = curves.map(() => 0);
    const latest = r.strategies.map((s) => s.config.capital);
    r.portfolioEquity.time.forEach((t, k) => {
      curves.forEach((c, i) => {
        while (cursor[i] < c.time.length && c.time[cursor[i]] <= t) latest[i] = c.equity[cursor[i]++];
      });
      let total = 0;
      for (const e of latest) total += e;
      expect(r.portfolioEquity.equity[k], `portfolio at ${t}`).toBe(total);
    });
  });

  it('orders events by bar group, then strategy in config order, the same on one thread and three', () => {
    for (const k of ['trades', 'signals', 'fills', 'blocked'] as const) expect(three.result[k], k).toEqual(one.result[k]);
    // A signal is emitted in the bar group of its own bar's close, so signals come by (time, config order).
    const order = new Map(one.result.strategies.map((s, i) => [s.id, i]));
    const signals = three.result.signals;
    expect(new Set(signals.map((s) => s.strategyId)).size, 'every strategy signals').toBe(6);
    for (let i = 1; i < signals.length; i++) {
      const [a, b] = [signals[i - 1], signals[i]];
      expect(a.time < b.time || (a.time === b.time && order.get(a.strategyId)! <= order.get(b.strategyId)!), `signals at ${a.time} and ${b.time}`).toBe(true);
    }
  });
});

describe('strata backtest --portfolio --workers 3', () => {
  it('runs on one thread and says why, on stderr and in the manifest', async () => {
    const out = join(tmp, 'portfolio');
    const r = await runCli(['backtest', '--portfolio', 'examples/portfolio.json', '--data', DATA.paths[0], '--symbol', 'BTC/USDT', '--workers', '3', '--out', out, '--no-register']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('note: 1 thread instead of --workers 3: portfolio mode: the strategies share capital, so they run on one thread');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.workers).toEqual({ requested: 3, used: 1, reason: 'portfolio mode: the strategies share capital, so they run on one thread' });
  }, 120_000);
});

describe('strata backtest without --workers', () => {
  it('runs every strategy on this thread: threads are asked for, not assumed', async () => {
    const out = join(tmp, 'default');
    const r = await runCli(['backtest', ...configs, '--data', DATA.paths[0], '--symbol', 'BTC/USDT', '--out', out, '--no-register']);
    expect(r.code, r.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.workers).toEqual({ requested: 1, used: 1, reason: null });
  }, 120_000);
});
