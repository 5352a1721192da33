/** Help text of `strata validate`, kept apart from the command so --help prints before its dependencies load. */
export const HELP = `Usage: strata validate <config.json|dir>...

Checks strategy configs against the schema and compiles their rules; prints every problem with its file
and path. Exit code 0 when all are valid, 1 otherwise.`;
