/**
 * Data figures from the data team's benches: bench/data-import.bench.ts (`measureImport`: CSV/Parquet import
 * into the store) and bench/data-feed.bench.ts (`measureFeed`: store loads, Parquet/Arrow imported into columns, feed replay).
 * Each part is loaded on demand and skipped with a note when its file does not exist (yet). Their result
 * fields are mapped to figures by name: `...PerSec`/`...PerSecond` are rates (higher is better), `...Ms` and
 * `seconds` are times (lower is better).
 *
 * Only the pure-JS columnar replay rates are gated: the DuckDB paths run on DuckDB's own threads and the disk,
 * so a ratio to the single-threaded calibration loop says little about them; they are reported for trends.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Figure, Floor, Suite, SuiteContext } from '../harness.ts';

/** `.js` when this runs compiled (dist/), `.ts` from the sources. */
const EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const here = (f: string) => fileURLToPath(new URL(`../${f}${EXT}`, import.meta.url));

interface Part {
  file: string;
  exportName: string;
  call: (fn: (...args: unknown[]) => Promise<unknown>, ctx: SuiteContext) => Promise<unknown>;
}

const PARTS: Part[] = [
  { file: 'data-import.bench', exportName: 'measureImport', call: (fn, ctx) => fn(ctx.quick ? 200_000 : 1_000_000) },
  {
    file: 'data-feed.bench',
    exportName: 'measureFeed',
    call: (fn, ctx) => fn({ rows: ctx.quick ? 300_000 : 1_000_000, repeats: 3, log: (l: string) => ctx.log(`  ${l}`) }),
  },
];

/** The import targets, set on 1,000,000-row files: checked in full mode, which imports files of that size. */
export const IMPORT_FLOORS: Readonly<Record<string, Floor>> = {
  'data-import csv candlesPerSecond': { value: 1_000_000, source: 'issue 19' },
  'data-import parquet candlesPerSecond': { value: 2_000_000, source: 'issue 19' },
};

/** Turns one numeric field into a figure, or null for counts and other non-figures. */
export function fieldFigure(prefix: string, key: string, value: number, samples: number): Figure | null {
  const name = `${prefix}${key}`;
  if (/PerSec(ond)?$/i.test(key)) {
    return { name, value, unit: 'candles/s', samples, better: 'higher', gated: /^columnar/i.test(key) };
  }
  if (/Ms$/.test(key)) return { name, value, unit: 'ms', samples, better: 'lower' };
  if (key === 'seconds') return { name, value, unit: 's', samples, better: 'lower' };
  return null;
}

/** Maps a bench's result (an object of numbers, or a list of them labelled by a string field) to figures. */
export function toFigures(part: string, result: unknown, samples: number): Figure[] {
  const out: Figure[] = [];
  const rows = Array.isArray(result) ? result : [result];
  for (const row of rows) {
    if (row === null || typeof row !== 'object') continue;
    const entries = Object.entries(row as Record<string, unknown>);
    const label = entries.find(([, v]) => typeof v === 'string')?.[1] as string | undefined;
    const prefix = `${part} ${label ? `${label} ` : ''}`;
    for (const [k, v] of entries) {
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      const f = fieldFigure(prefix, k, v, samples);
      if (f) out.push(f);
    }
  }
  return out;
}

export const dataSuite: Suite = {
  name: 'data',
  description: 'data import and feed load/replay rates (from the data benches)',
  async run(ctx: SuiteContext) {
    const figures: Figure[] = [];
    const notes: string[] = [];
    for (const part of PARTS) {
      const path = here(part.file);
      const short = part.file.replace('.bench', '');
      if (!existsSync(path)) {
        notes.push(`skipped ${part.file}: not there yet`);
        continue;
      }
      const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
      const fn = mod[part.exportName];
      if (typeof fn !== 'function') {
        notes.push(`skipped ${part.file}: it does not export ${part.exportName}()`);
        continue;
      }
      const t0 = performance.now();
      ctx.log(`data: ${part.file} ...`);
      const result = await part.call(fn as (...args: unknown[]) => Promise<unknown>, ctx);
      const list = toFigures(short, result, 3).map((f) => (!ctx.quick && IMPORT_FLOORS[f.name] ? { ...f, floor: IMPORT_FLOORS[f.name] } : f));
      figures.push(...list);
      ctx.log(`data: ${part.file}: ${list.length} figures in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    return { figures, notes };
  },
};
