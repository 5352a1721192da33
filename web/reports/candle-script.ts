import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ENTRY = fileURLToPath(new URL('./candle-client/main.ts', import.meta.url));
let cached: Promise<string> | null = null;

/** The report's candlestick chart script with lightweight-charts bundled in (built once per process, minified), for inlining. */
export function candleScript(): Promise<string> {
  cached ??= build({ entryPoints: [ENTRY], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2020', minify: true, legalComments: 'none', logLevel: 'warning' }).then((r) => r.outputFiles[0].text);
  return cached;
}
