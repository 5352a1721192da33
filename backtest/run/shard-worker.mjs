// Worker-thread entry for a sharded backtest. Worker threads run plain Node: in a build the compiled worker
// sits beside this file; from the TypeScript sources, register tsx before importing the worker.
import { existsSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

const compiled = new URL('./shard-worker.js', import.meta.url);
let runShardTask;
let transferables;
if (existsSync(compiled)) {
  ({ runShardTask, transferables } = await import(compiled.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ runShardTask, transferables } = await import('./shard-worker.ts'));
}

try {
  const output = await runShardTask(workerData);
  parentPort.postMessage({ ok: true, output }, transferables(output));
} catch (err) {
  parentPort.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
}
