/**
 * The package as a user installs it: `npm pack` (which runs `prepare`, so the compiled dist/ is built fresh),
 * then a production install (`--omit=dev`) of the tarball into an empty ES-module project, then plain Node:
 * the bin, `strata/lib` from a `.mjs` script, a TypeScript strategy module, help without heavy packages, and
 * `strata bench`. Slow (a full tsc build and an npm install, 1-3 minutes), so it runs when STRATA_PACK_TEST=1:
 * `npm run test:package`, which .ci/run runs after `npm test`.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtest, loadCandles } from '../../backtest/run/library.ts';

const run = promisify(execFile);
const ROOT = resolve('.');
const SAMPLE = join(ROOT, 'data/samples/UNITTEST_BTC-1m.json');
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
/** A user's environment: not the test suite's switch to the TypeScript sources. */
const env = { ...process.env, STRATA_FROM_SOURCE: '', CI: 'true' };

let dir = '';
let project = '';
const strata = (args: string[], extra: Record<string, string> = {}) =>
  run(process.execPath, [join(project, 'node_modules/.bin/strata'), ...args], { cwd: project, env: { ...env, ...extra }, maxBuffer: 16 << 20, timeout: 300_000 });

describe.runIf(process.env.STRATA_PACK_TEST === '1')('the packed package, installed for production', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'strata-pack-'));
    const packed = await run('npm', ['pack', '--pack-destination', dir, '--json'], { cwd: ROOT, env, maxBuffer: 64 << 20, timeout: 600_000 });
    const tarball = join(dir, (JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as { filename: string }[])[0].filename);
    project = join(dir, 'project');
    await run('mkdir', [project]);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module', private: true }));
    await run('npm', ['install', tarball, '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: project, env, timeout: 600_000 });
  }, 900_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('installs compiled JavaScript with declarations, and no TypeScript tooling', () => {
    const installed = join(project, 'node_modules/strata');
    expect(existsSync(join(installed, 'dist/cli/main.js'))).toBe(true);
    expect(existsSync(join(installed, 'dist/backtest/run/library.d.ts')), 'types for strata/lib').toBe(true);
    expect(readdirSync(join(installed, 'dist/engine')).some((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')), 'no TypeScript sources in dist/engine').toBe(false);
    for (const dev of ['tsx', 'typescript', 'vitest']) expect(existsSync(join(project, 'node_modules', dev)), `${dev} is a development dependency`).toBe(false);
  });

  it('types strata/lib for a TypeScript consumer (the shipped .d.ts, checked with this repository\'s tsc)', async () => {
    writeFileSync(
      join(project, 'typed.ts'),
      `import { backtest, loadCandles } from 'strata/lib';
const run = await backtest('cfg.json', await loadCandles('candles.json', { symbol: 'BTC/USDT' }));
export const trades: number = run.trades.length;
// @ts-expect-error a metrics row is an object, not a number
export const wrong: number = run.metrics[0];
`,
    );
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const flags = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--typeRoots', join(ROOT, 'node_modules/@types')];
    await expect(run(process.execPath, [tsc, ...flags, 'typed.ts'], { cwd: project, env })).resolves.toBeDefined();
  });

  it('answers --version and --help from the bin', async () => {
    expect((await strata(['--version'])).stdout.trim()).toBe(`strata ${pkg.version}`);
    expect((await strata(['--help'])).stdout).toMatch(/^Usage: strata <command>/);
  });

  it('imports strata/lib from a plain Node ES module and gets the same result as the sources', async () => {
    const script = `import { backtest, loadCandles } from 'strata/lib';
const candles = await loadCandles(${JSON.stringify(SAMPLE)}, { symbol: 'BTC/USDT' });
const r = await backtest(${JSON.stringify(join(ROOT, 'examples/macd_btc_15m.json'))}, candles);
console.log(JSON.stringify({ n: candles.length, metrics: r.metrics.map((m) => [m.strategy_id, m.total_return, m.trades]) }));`;
    writeFileSync(join(project, 'study.mjs'), script);
    const out = JSON.parse((await run(process.execPath, ['study.mjs'], { cwd: project, env })).stdout) as { n: number; metrics: unknown[] };
    const candles = await loadCandles(SAMPLE, { symbol: 'BTC/USDT' });
    const here = await backtest(join(ROOT, 'examples/macd_btc_15m.json'), candles);
    expect(out.n).toBe(candles.length);
    expect(out.metrics, 'compiled and source runs agree').toEqual(here.metrics.map((m) => [m.strategy_id, m.total_return, m.trades]));
    expect(here.metrics[0].trades, 'the run trades at all').toBeGreaterThan(0);
  });

  it('runs a config whose strategy module is TypeScript, under plain Node', async () => {
    const examples = join(project, 'node_modules/strata/dist/examples');
    const r = await strata(['backtest', join(examples, 'donchian_btc_1h.json'), '--data', SAMPLE, '--symbol', 'BTC/USDT', '--out', join(project, 'runs')]);
    expect(r.stdout).toMatch(/Run \S+ written to/);
    const manifest = readFileSync(join(project, 'runs/manifest.json'), 'utf8');
    expect(manifest, 'the run folder names the code strategy').toContain('donchian_btc_1h');
    expect(readdirSync(join(examples, 'strategies')).filter((f) => f.startsWith('.')), 'the transpiled copy is removed').toEqual([]);
  });

  it('prints help without loading a heavy package (the compiled CLI)', async () => {
    const log = join(dir, 'modules.txt');
    const main = join(project, 'node_modules/strata/dist/cli/main.js');
    const r = await run(process.execPath, ['--import', join(ROOT, 'testkit/module-log/register.mjs'), main, 'serve', '--help'], { cwd: project, env: { ...env, STRATA_MODULE_LOG: log } });
    expect(r.stdout).toMatch(/^Usage: strata serve/);
    // The package a module belongs to: the name after its path's last node_modules/.
    const packages = new Set(readFileSync(log, 'utf8').split('\n').flatMap((u) => /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1] ?? []));
    packages.delete('strata');
    expect([...packages], 'packages loaded by serve --help').toEqual([]);
  });

  it('runs a bench suite (strata bench --quick --suite latency)', async () => {
    const r = await strata(['bench', '--quick', '--suite', 'latency']);
    expect(r.stdout).toMatch(/done in [\d.]+ s/);
    const result = JSON.parse(readFileSync(join(project, 'node_modules/strata/dist/bench/results/latency.json'), 'utf8')) as { figures: { value: number }[] };
    expect(result.figures.length).toBeGreaterThan(0);
    expect(result.figures.every((f) => Number.isFinite(f.value) && f.value > 0)).toBe(true);
  }, 300_000);
});
