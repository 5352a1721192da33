// `node --import testkit/module-log/register.mjs ...`: appends the URL of every module the process resolves
// to the file named by STRATA_MODULE_LOG, so a test can see which packages a command loaded.
import { register } from 'node:module';

if (process.env.STRATA_MODULE_LOG) register(new URL('./hooks.mjs', import.meta.url), { data: { file: process.env.STRATA_MODULE_LOG } });
