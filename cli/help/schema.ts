/** Help text of `strata schema`, kept apart from the command so --help prints before its dependencies load. */
export const HELP = `Usage: strata schema [--portfolio] [--out FILE]

Prints the JSON Schema of strategy config files (generated from the config parser, so it never disagrees).

Options:
  --portfolio  the schema of portfolio configs instead (the repository keeps examples/portfolio.schema.json)
  --out FILE   write it to FILE instead of printing it (the repository keeps examples/strategy.schema.json)
  -h, --help   show this help
`;
