// Worker-thread entry for the run pool. Worker threads run plain Node: in a build the compiled worker sits
// beside this file; from the TypeScript sources, register tsx before importing the worker (as bin/strata.js does).
import { existsSync } from 'node:fs';

const compiled = new URL('./run-worker.js', import.meta.url);
let runTask;
if (existsSync(compiled)) {
  ({ default: runTask } = await import(compiled.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ default: runTask } = await import('./run-worker.ts'));
}

export default runTask;
