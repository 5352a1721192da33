/**
 * Every property test runs from one fixed seed, so `npm test` gives the same verdict on every run: a random
 * seed turns a rare counterexample into a CI failure on one run in many, which nobody can reproduce.
 * Explore other series with STRATA_FC_SEED=<integer> npx vitest run (fast-check prints the seed that failed).
 */
import fc from 'fast-check';

const fromEnv = process.env.STRATA_FC_SEED;
const seed = fromEnv === undefined || fromEnv === '' ? 20_261_202 : Number(fromEnv);
if (!Number.isSafeInteger(seed)) throw new Error(`STRATA_FC_SEED must be an integer, got ${JSON.stringify(fromEnv)}`);
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
