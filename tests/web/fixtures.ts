/** Shared fixtures for the web tests: real run folders from the bundled sample data, temp dirs, a manager. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBacktestJob } from '../../backtest/run/backtest-job.ts';
import type { StrategyConfigInput } from '../../engine/config/schema.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SAMPLE_BTC = join(ROOT, 'data/samples/UNITTEST_BTC-1m.json');
export const EXAMPLE = (name: string) => join(ROOT, 'examples', name);

export function tempDir(prefix = 'strata-web-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A backtest run folder under `runsDir` from the sample 1m data as BTC/USDT (a couple of seconds). */
export async function sampleRun(runsDir: string, configs = ['macd_btc_15m.json', 'ema_btc_1h.json', 'bollinger_btc_5m.json'], when = new Date('2026-01-02T03:04:05Z')): Promise<{ runId: string; outDir: string }> {
  const job = await runBacktestJob({
    configPaths: configs.map(EXAMPLE),
    data: { paths: [SAMPLE_BTC], symbol: 'BTC/USDT' },
    runsDir,
    resultsDb: null,
    command: 'test fixture',
    now: () => when,
  });
  return { runId: job.runId, outDir: job.outDir };
}

/** A valid config on BTC/USDT 1m (the timeframe the test feeds deliver). */
export function testConfig(id: string, extra: Record<string, unknown> = {}): StrategyConfigInput {
  return {
    id,
    name: `Test ${id}`,
    symbol: 'BTC/USDT',
    timeframe: '1m',
    indicators: { fast: { type: 'ema', period: 3 }, slow: { type: 'ema', period: 8 } },
    rules: { entry: { condition: 'ema_crossover_bullish' }, exit: { condition: 'ema_crossover_bearish' } },
    execution: { fill: 'close' },
    ...extra,
  } as StrategyConfigInput;
}
