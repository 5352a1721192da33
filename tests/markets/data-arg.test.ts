/** `--data FILE=SYMBOL` where the symbol itself holds "=" (Yahoo's futures tickers: `ES=F`). */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBacktestJob } from '../../backtest/run/backtest-job.ts';
import { splitDataArg } from '../../backtest/run/data-source.ts';
import { runCli } from '../backtest/cli-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'strata-data-arg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const prices = join(dir, 'prices.csv');
copyFileSync('data/samples/orcl-1995-2014.txt', prices);

describe('--data FILE=SYMBOL', () => {
  it('splits at the first "=" that ends an existing file, so the symbol keeps its own "="', () => {
    expect(splitDataArg(`${prices}=ES=F`)).toEqual({ file: prices, symbol: 'ES=F' });
    expect(splitDataArg(`${prices}=ORCL`)).toEqual({ file: prices, symbol: 'ORCL' });
    expect(splitDataArg(prices), 'a plain path').toEqual({ file: prices });
    const odd = join(dir, 'a=b.csv');
    copyFileSync(prices, odd);
    expect(splitDataArg(`${odd}=ES=F`), 'a file whose own name holds "="').toEqual({ file: odd, symbol: 'ES=F' });
    expect(splitDataArg(odd), 'the whole path exists').toEqual({ file: odd });
  });

  it('names the argument when neither the whole nor any part before an "=" is a file', () => {
    const arg = join(dir, 'missing.csv=ES=F');
    expect(() => splitDataArg(arg)).toThrow(`--data ${arg}: no such data file, and no part before an "=" in it is one (give FILE=SYMBOL with an existing FILE)`);
  });

  it('runs a config on ES=F read from file.csv=ES=F', async () => {
    const cfg = { ...JSON.parse(readFileSync('examples/stocks/ema_orcl_1d.json', 'utf8')), id: 'ema_es', symbol: 'ES=F' };
    const path = join(dir, 'es.json');
    writeFileSync(path, JSON.stringify(cfg));
    const r = await runBacktestJob({ configPaths: [path], data: { paths: [`${prices}=ES=F`] }, outDir: join(dir, 'run'), resultsDb: null, command: 'test', now: () => new Date(0) });
    expect(r.result.data.series.map((s) => s.symbol)).toEqual(['ES=F']);
    expect(r.result.strategies[0].metrics.performance.bars, 'every session of the file').toBe(5036);
  });

  it('the CLI exits 1 with the message for a missing file', async () => {
    const arg = join(dir, 'nope.csv=ES=F');
    const r = await runCli(['backtest', 'examples/stocks/ema_orcl_1d.json', '--data', arg, '--no-register', '--out', join(dir, 'cli')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`--data ${arg}: no such data file`);
  });
});
