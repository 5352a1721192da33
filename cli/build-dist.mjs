#!/usr/bin/env node
/**
 * Builds the shipped package into dist/ (`npm run build`, run by `prepare` after `build:web`):
 * tsc compiles the TypeScript sources to ES modules with `.d.ts` beside them (tsconfig.build.json rewrites the
 * sources' `./x.ts` imports to `./x.js`), then the files the code reads at run time are copied to the same
 * relative places, so every `new URL('../x', import.meta.url)` finds in dist/ what it finds in the sources.
 *
 * Plain JavaScript on purpose: it runs before anything is compiled and needs no TypeScript loader.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');

/** Source folders whose run-time data files (JSON, CSS, worker .mjs, samples) ship beside the compiled code. */
const ASSET_ROOTS = ['engine', 'data', 'backtest', 'web', 'cli', 'bench'];
/** Folders that hold no run-time files (sources of other builds, local results, the peer comparison). */
const SKIP_DIRS = new Set(['node_modules', 'web/dashboard', 'web/reports/candle-client', 'bench/peer', 'bench/history', 'bench/results']);
/**
 * Browser code bundled by esbuild at run time (the report's candle chart imports the dashboard's chart model):
 * shipped as TypeScript, since esbuild reads it from there.
 */
const TS_SOURCE_DIRS = ['web/reports/candle-client', 'web/dashboard'];

const isTest = (f) => /\.test\.[cm]?[jt]s$/.test(f);

function walk(dir, visit) {
  for (const name of readdirSync(join(ROOT, dir))) {
    const rel = dir ? `${dir}/${name}` : name;
    if (statSync(join(ROOT, rel)).isDirectory()) {
      if (!SKIP_DIRS.has(rel)) walk(rel, visit);
    } else visit(rel);
  }
}

function copy(rel) {
  mkdirSync(dirname(join(DIST, rel)), { recursive: true });
  cpSync(join(ROOT, rel), join(DIST, rel));
}

function compile() {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed (exit ${r.status})`);
}

function copyAssets() {
  let n = 0;
  for (const root of ASSET_ROOTS) {
    walk(root, (rel) => {
      if (rel.endsWith('.ts') || rel.endsWith('.md') || isTest(rel)) return;
      copy(rel);
      n++;
    });
  }
  for (const dir of TS_SOURCE_DIRS) {
    for (const f of readdirSync(join(ROOT, dir))) {
      if (f.endsWith('.ts') && !isTest(f)) copy(`${dir}/${f}`), n++;
    }
  }
  // Example configs name their strategy modules as `.ts` files, which the strategy loader transpiles itself.
  cpSync(join(ROOT, 'examples'), join(DIST, 'examples'), { recursive: true });
  return n;
}

/** dist/package.json: marks the compiled files as ES modules and answers `../../package.json` version reads. */
function writeManifest() {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  writeFileSync(join(DIST, 'package.json'), JSON.stringify({ name: pkg.name, version: pkg.version, type: 'module', private: true }, null, 2) + '\n');
}

export function buildDist() {
  const started = performance.now();
  if (!existsSync(join(ROOT, 'web/static/dashboard.js'))) throw new Error('web/static/dashboard.js is missing: run `npm run build:web` first');
  rmSync(DIST, { recursive: true, force: true });
  compile();
  const assets = copyAssets();
  writeManifest();
  const ms = Math.round(performance.now() - started);
  process.stdout.write(`Built ${relative(process.cwd(), DIST) || 'dist'} (${assets} run-time files copied) in ${ms} ms\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    buildDist();
  } catch (err) {
    process.stderr.write(`build: ${err.message}\n`);
    process.exitCode = 1;
  }
}
