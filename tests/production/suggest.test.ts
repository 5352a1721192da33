/** strata suggest on real sweep and walk-forward runs (ORCL daily, SMA crossover). */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSuggest } from '../../backtest/research/suggest/suggest-job.ts';
import { safeParseStrategyConfig } from '../../engine/config/parse.ts';
import { buildRunReport } from '../../web/reports/index.ts';
import { runCli } from '../backtest/cli-helpers.ts';

const CONFIG = 'tests/backtest/fixtures/sma_cross_orcl.json';
const DATA = ['--data', 'data/samples/orcl-1995-2014.txt', '--symbol', 'ORCL/USD'];
let tmp: string;
let sweep: string;
let wf: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'strata-suggest-'));
  sweep = join(tmp, 'sweep');
  wf = join(tmp, 'wf');
  // bufferSize changes nothing: the report must say it does not matter.
  const s = await runCli(['sweep', CONFIG, ...DATA, '--param', 'indicators.fast.period=4:20:4', '--param', 'indicators.slow.period=20:60:10', '--param', 'bufferSize=500,600', '--workers', '0', '--out', sweep, '--no-register']);
  expect(s.code, s.stderr).toBe(0);
  const w = await runCli(['walkforward', CONFIG, ...DATA, '--param', 'indicators.fast.period=6:14:4', '--param', 'indicators.slow.period=30:50:10', '--train', '1095d', '--test', '365d', '--workers', '0', '--out', wf, '--no-register']);
  expect(w.code, w.stderr).toBe(0);
}, 240_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('strata suggest', () => {
  it('sweep: robust region, importance, deflated Sharpe with measured moments, a suggested config', async () => {
    const r = await runSuggest({ run: sweep });
    expect(r.kind).toBe('sweep');
    expect(r.combinations).toBe(50);
    const imp = Object.fromEntries(r.importance!.map((p) => [p.path, p]));
    expect(imp.bufferSize.matters, 'a parameter that changes nothing').toBe(false);
    expect(imp.bufferSize.explained).toBeLessThan(1e-9);
    expect(imp['indicators.slow.period'].explained + imp['indicators.fast.period'].explained).toBeGreaterThan(0.3);
    expect(r.robust!.neighbourhoodMean).not.toBeNull();
    const dsr = r.overfitting.deflatedSharpe!;
    expect(dsr.measuredMoments, 'the best combination was replayed for skewness and kurtosis').toBe(true);
    expect(dsr.trials, 'identical results (bufferSize twins) count once').toBeLessThanOrEqual(25);
    expect(dsr.dsr!).toBeGreaterThanOrEqual(0);
    expect(dsr.dsr!).toBeLessThanOrEqual(dsr.psr!);
    expect(r.findings.some((f) => /bufferSize does not matter/.test(f))).toBe(true);
    expect(r.findings.some((f) => /^Deflated Sharpe ratio of the best: /.test(f))).toBe(true);
    const file = join(sweep, 'suggested-config.json');
    const parsed = safeParseStrategyConfig(JSON.parse(readFileSync(file, 'utf8')));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.config.indicators.fast).toMatchObject({ period: r.robust!.params['indicators.fast.period'] });
    expect(existsSync(join(sweep, 'suggest.json'))).toBe(true);
  }, 120_000);

  it('walk-forward: in-sample vs out-of-sample decay and the stability of the choice', async () => {
    const r = await runSuggest({ run: wf, write: false });
    expect(r.kind).toBe('walkforward');
    const d = r.overfitting.decay!;
    expect(d.windows).toBeGreaterThan(10);
    expect(d.meanInSample).not.toBeNull();
    expect(r.findings.some((f) => f.startsWith('Walk-forward: sharpe'))).toBe(true);
    expect(existsSync(join(wf, 'suggest.json')), '--no-write').toBe(false);
  }, 120_000);

  it('the sweep report shows the suggestions; the CLI prints them and refuses what is not a sweep', async () => {
    const html = await buildRunReport(sweep, { served: false });
    expect(html).toContain('id="suggest"');
    expect(html).toContain('bufferSize does not matter');
    const cli = await runCli(['suggest', sweep, '--no-replay', '--no-write']);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/Most robust: indicators\.fast\.period=\d+/);
    expect(cli.stdout).toMatch(/normal returns assumed/);
    expect((await runCli(['suggest', join(tmp, 'nope')])).code).toBe(1);
    expect((await runCli(['suggest'])).code).toBe(2);
  }, 120_000);
});
