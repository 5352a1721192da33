/** `strata optimize` end to end: usage errors for bad expressions, the run folder and the results database. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { queryDb, readTableFile, runCli } from './cli-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'strata-optimize-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BASE = ['optimize', 'examples/macd_btc_15m.json', '--data', 'data/samples/UNITTEST_BTC-5m.feather', '--symbol', 'BTC/USDT', '--param', 'indicators.macd.fastPeriod=int:4:20', '--param', 'indicators.macd.slowPeriod=int:10:60'];

describe('strata optimize', () => {
  it('rejects an unknown metric with a did-you-mean and bad syntax with its column (exit 2, before reading data)', async () => {
    const a = await runCli([...BASE, '--objective', 'max:sharpee - 0.5 * max_drawdown']);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('error: --objective: unknown name "sharpee" at column 1 (did you mean "sharpe"?)\n  sharpee - 0.5 * max_drawdown\n  ^^^^^^^');
    const b = await runCli([...BASE, '--constraint', 'trades >= 30 AND']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('error: --constraint: unexpected end of expression at column 17 (expected a value)');
    const c = await runCli([...BASE, '--condition', 'slowPeriod > fastPerod']);
    expect(c.stderr).toContain('did you mean "fastPeriod"?');
    const d = await runCli([...BASE, '--search', 'nsga2']);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain('--search nsga2 needs two or more --objective');
  });

  it('writes the trials table, optimize.json and the recommended config, and registers the run and its trials', async () => {
    const out = join(dir, 'run');
    const db = join(dir, 'results.duckdb');
    const r = await runCli([...BASE, '--condition', 'slowPeriod > fastPeriod', '--constraint', 'trades >= 80', '--trials', '12', '--batch', '4', '--seed', '5', '--workers', '1', '--out', out, '--results-db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    const file = JSON.parse(readFileSync(join(out, 'optimize.json'), 'utf8'));
    expect(file.recommendation).toEqual(doc.recommendation);
    expect(typeof file.overfit.likely).toBe('boolean');
    expect(file.findings.at(-1)).toMatch(/^(The best is likely overfit: |No sign of overfitting)/);
    const t = await readTableFile(join(out, 'trials.parquet'), 'trial');
    expect(t.rows).toHaveLength(12);
    expect(t.columns.map((c) => c.name).slice(0, 8)).toEqual(['window', 'trial', 'batch', 'status', 'reason', 'indicators.macd.fastPeriod', 'indicators.macd.slowPeriod', 'objective_1']);
    expect(t.columns.at(-1)!.name).toBe('wall_ms');
    const recommended = t.rows.filter((x) => x.recommended === 1);
    expect(recommended).toHaveLength(1);
    expect(recommended[0].trial).toBe(doc.recommendation.trial);
    expect(recommended[0].status, 'never an infeasible trial').toBe('ok');
    const cfg = JSON.parse(readFileSync(join(out, 'recommended-config.json'), 'utf8'));
    expect(cfg.indicators.macd.fastPeriod).toBe(doc.recommendation.params['indicators.macd.fastPeriod']);

    const runs = await queryDb(db, `SELECT kind, sharpe FROM runs WHERE run_id = '${doc.runId}'`);
    expect(runs).toEqual([{ kind: 'optimize', sharpe: recommended[0].sharpe }]);
    const trials = await queryDb(db, `SELECT combination, status, score FROM sweep_results WHERE run_id = '${doc.runId}' ORDER BY combination`);
    expect(trials.map((x) => x.combination)).toEqual(t.rows.map((x) => x.trial));
    expect(trials.map((x) => x.status)).toEqual(t.rows.map((x) => x.status));
  });
});
