#!/usr/bin/env node
// Entry for `npx strata`: registers tsx so the TypeScript sources run without a build step.
import { register } from 'tsx/esm/api';
register();
const { runMain } = await import('../cli/main.ts');
await runMain(process.argv.slice(2));
