/**
 * `npm run notebooks` / `npm run notebooks:preview`: exports the chosen runs into the notebooks' data folder, then
 * builds the notebooks to static HTML (Notebook Kit + Vite, standard library from node_modules: no network) or
 * serves them live.
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_RESULTS_DB } from '../backtest/records/results-db.ts';
import { serveStatic } from './kit/static-server.ts';
import { buildNotebooks, previewNotebooks } from './kit/vite.ts';
import { exportNotebookData } from './loader/export.ts';
import { pickRuns } from './loader/pick-run.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const NOTEBOOKS_ROOT = join(HERE, 'src');
export const NOTEBOOKS_DIST = join(HERE, 'dist');

const HELP = `Usage: npm run notebooks [-- options]          build static HTML into notebooks/dist
       npm run notebooks:preview [-- options]  serve the notebooks live (edits reload)

Picks a backtest run and a sweep run (default: the latest of each in the results database), exports their
tables as JSON into <root>/data, then builds or serves the notebooks in <root>.

Options:
  --run ID            backtest run id or unique prefix (env RUN); a sweep id selects the sweep instead
  --sweep ID          sweep run id or prefix (env SWEEP)
  --run-dir DIR       read a backtest run folder directly, without the results database
  --sweep-dir DIR     read a sweep run folder directly
  --results-db PATH   results database (env RESULTS_DB; default ${DEFAULT_RESULTS_DB})
  --out DIR           build output (default notebooks/dist)
  --root DIR          notebook sources (default notebooks/src)
  --max-points N      points kept per equity curve (default 4000)
  --max-bars N        most recent bars kept per price series (default 100000)
  --data-only         export the data and stop
  --serve             after building, serve the output on 127.0.0.1
  --preview           serve the sources live instead of building
  --port N            port for --serve / --preview
  -h, --help          this help

Exit codes: 0 ok, 1 error (no such run, unreadable files, build failed), 2 usage error.`;

class UsageError extends Error {}

function positiveInt(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive whole number, got "${v}"`);
  return n;
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        run: { type: 'string' },
        sweep: { type: 'string' },
        'run-dir': { type: 'string' },
        'sweep-dir': { type: 'string' },
        'results-db': { type: 'string' },
        out: { type: 'string' },
        root: { type: 'string' },
        'max-points': { type: 'string' },
        'max-bars': { type: 'string' },
        'data-only': { type: 'boolean' },
        serve: { type: 'boolean' },
        preview: { type: 'boolean' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  try {
    const maxPoints = positiveInt('max-points', values['max-points']);
    const maxBars = positiveInt('max-bars', values['max-bars']);
    const port = values.port === undefined ? undefined : Number(values.port);
    if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) throw new UsageError(`--port must be 0..65535, got "${values.port}"`);
    if (values.preview && values.serve) throw new UsageError('give --preview or --serve, not both');
    const root = resolve(values.root ?? NOTEBOOKS_ROOT);
    if (!existsSync(root)) throw new UsageError(`${root}: no such notebooks folder`);

    const runs = await pickRuns({
      resultsDb: values['results-db'] ?? env.RESULTS_DB ?? DEFAULT_RESULTS_DB,
      run: values.run ?? (env.RUN || undefined),
      sweep: values.sweep ?? (env.SWEEP || undefined),
      runDir: values['run-dir'],
      sweepDir: values['sweep-dir'],
    });
    const summary = await exportNotebookData(runs, join(root, 'data'), { maxPoints, maxBars });
    process.stdout.write(`backtest: ${summary.backtest ?? `none (${runs.notes.backtest})`}\nsweep:    ${summary.sweep ?? `none (${runs.notes.sweep})`}\n`);
    if (values['data-only']) return 0;

    if (values.preview) {
      const server = await previewNotebooks(root, { port });
      process.stdout.write(`Notebooks (live): ${server.resolvedUrls?.local[0] ?? ''}\nPress Ctrl-C to stop.\n`);
      await new Promise(() => {});
    }
    const out = resolve(values.out ?? NOTEBOOKS_DIST);
    const built = await buildNotebooks(root, out);
    process.stdout.write(`Built ${built.map((f) => relative(root, f)).join(', ')} into ${relative(process.cwd(), out) || '.'}\n`);
    if (values.serve) {
      const server = await serveStatic(out, port ?? 8090);
      process.stdout.write(`Serving ${server.url}/ (Ctrl-C to stop)\n`);
      await new Promise(() => {});
    }
    return 0;
  } catch (err) {
    process.stderr.write(`error: ${(err as Error).message}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}

