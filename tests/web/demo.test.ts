import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startDemo } from '../../web/demo/demo.ts';
import { runCli } from '../backtest/cli-helpers.ts';
import { ROOT, tempDir } from './fixtures.ts';

const TSX = join(ROOT, 'node_modules/.bin/tsx');
let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

/** What the first demo printed, and where its backtest went. */
const lines: string[] = [];
let demoRun: string | null = null;

describe('demo', () => {
  it('backtests the examples, then serves the dashboard with the replay running', async () => {
    const demo = await startDemo({ port: 0, speed: 2000, runsDir: join(tmp.dir, 'runs'), resultsDb: join(tmp.dir, 'results.duckdb'), dataDir: join(tmp.dir, 'data'), log: (l) => lines.push(l) });
    try {
      expect(demo.runId, lines.join('\n')).not.toBeNull();
      demoRun = demo.runId;
      expect(demo.strategies).toEqual(expect.arrayContaining(['macd_btc_15m', 'rsi_xrp_5m', 'ema_btc_1h', 'bollinger_btc_5m']));
      const runs = await (await fetch(`${demo.server.url}/api/v1/runs`)).json();
      expect(runs.map((r: { runId: string }) => r.runId)).toContain(demo.runId);
      expect(runs[0].source, 'registered in the results database').toBe('results-db');
      const report = await fetch(`${demo.server.url}/reports/${demo.runId}`);
      expect(report.status).toBe(200);
      const live = await (await fetch(`${demo.server.url}/api/v1/live`)).json();
      expect(live.series).toEqual([{ symbol: 'BTC/USDT', timeframe: '1m' }, { symbol: 'XRP/ETH', timeframe: '1m' }]);
      // Candles stream over the WebSocket, both symbols, in progress and closed.
      const ws = new WebSocket(`${demo.server.url.replace('http', 'ws')}/ws`);
      const seen = new Set<string>();
      await new Promise<void>((resolve) => {
        ws.on('message', (d) => {
          const parsed = JSON.parse(d.toString());
          for (const m of Array.isArray(parsed) ? parsed : [parsed]) if (m.type === 'candle') seen.add(`${m.candle.symbol}:${m.closed}`);
          if (seen.size === 4) resolve();
        });
      });
      ws.close();
      expect(demo.session.state).toBe('running');
    } finally {
      await demo.close();
    }
  });

  it('prints the backtest command that reproduces its run by hand, trade for trade, and says what the data is', async () => {
    expect(lines.join('\n')).toMatch(/UNITTEST_BTC-1m\.json is not BTC\/USDT: it is freqtrade's test pair UNITTEST\/BTC .* traded here under the label BTC\/USDT/);
    const line = lines.find((l) => l.startsWith('the same backtest by hand: '));
    expect(line, lines.join('\n')).toBeDefined();
    const args = line!.replace('the same backtest by hand: npx strata ', '').split(' ');
    const out = join(tmp.dir, 'by-hand');
    const r = await runCli([...args, '--no-register', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const demoTrades = readFileSync(join(tmp.dir, 'runs', demoRun!, 'trades.csv'), 'utf8');
    expect(readFileSync(join(out, 'trades.csv'), 'utf8'), 'the same trades').toBe(demoTrades);
    expect(demoTrades.split('\n').length, 'the demo trades').toBeGreaterThan(10);
  });

  it('`strata demo --exit-after` prints the URL and exits 0', async () => {
    const child = spawn(TSX, [join(ROOT, 'cli/main.ts'), 'demo', '--port', '0', '--no-backtest', '--exit-after', '1', '--data-dir', join(tmp.dir, 'data2'), '--runs', join(tmp.dir, 'runs2')], { cwd: tmp.dir });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, out).toBe(0);
    expect(out).toMatch(/Dashboard: http:\/\/127\.0\.0\.1:\d+\//);
  });

  it('`strata serve` refuses a non-loopback host without a token (usage error, exit 2)', async () => {
    const child = spawn(TSX, [join(ROOT, 'cli/main.ts'), 'serve', '--host', '0.0.0.0', '--port', '0', '--exit-after', '1'], { cwd: tmp.dir, env: { ...process.env, STRATA_TOKEN: '' } });
    let out = '';
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(out).toMatch(/--token/);
  });
});
