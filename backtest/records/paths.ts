/** Default locations of the files Strata keeps between commands (relative to the working directory). */
export const DEFAULT_RESULTS_DB = '.strata/results.duckdb';
export const DEFAULT_SESSIONS_DIR = '.strata/sessions';
