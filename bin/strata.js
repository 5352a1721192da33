#!/usr/bin/env node
// Entry for `npx strata`: registers tsx so the TypeScript sources run without a build step.
import { register } from 'tsx/esm/api';
register();
await import('../cli/main.ts');
