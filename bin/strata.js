#!/usr/bin/env node
// Entry for `strata`: runs the compiled CLI in dist/ (built by `npm run build`, which `prepare` runs on install).
// STRATA_FROM_SOURCE=1 runs the TypeScript sources through tsx instead (the test suite sets it, so tests never
// run a stale build); so does a checkout whose dist/ was never built, when tsx (a development dependency) is there.
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli/main.js', import.meta.url);
let entry = built.href;
if (process.env.STRATA_FROM_SOURCE === '1' || !existsSync(built)) {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write('strata: dist/ is not built and tsx is not installed; run `npm install` (or `npm run build`) in the package folder\n');
    process.exit(1);
  }
  register();
  entry = new URL('../cli/main.ts', import.meta.url).href;
}
const { runMain } = await import(entry);
await runMain(process.argv.slice(2));
