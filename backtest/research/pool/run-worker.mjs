// Worker-thread entry for the run pool: worker threads run plain Node, so register tsx before importing
// the TypeScript worker (the same way bin/strata.js does for the CLI).
import { register } from 'tsx/esm/api';

register();
const { default: runTask } = await import('./run-worker.ts');

export default runTask;
