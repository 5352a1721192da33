import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startDemo } from '../../web/demo/demo.ts';
import { ROOT, tempDir } from './fixtures.ts';

const TSX = join(ROOT, 'node_modules/.bin/tsx');
let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

describe('demo', () => {
  it('backtests the examples, then serves the dashboard with the replay running', async () => {
    const lines: string[] = [];
    const demo = await startDemo({ port: 0, speed: 2000, runsDir: join(tmp.dir, 'runs'), resultsDb: join(tmp.dir, 'results.duckdb'), dataDir: join(tmp.dir, 'data'), log: (l) => lines.push(l) });
    try {
      expect(demo.runId, lines.join('\n')).not.toBeNull();
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
