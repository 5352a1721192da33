import { writeFileSync } from 'node:fs';
import { strategyConfigJsonSchemaText } from '../../engine/config/json-schema.ts';
import { parseCommandArgs, runCommand } from '../args.ts';

const HELP = `Usage: strata schema [--out FILE]

Prints the JSON Schema of strategy config files (generated from the config parser, so it never disagrees).

Options:
  --out FILE   write it to FILE instead of printing it (the repository keeps examples/strategy.schema.json)
  -h, --help   show this help
`;

/** `strata schema`: print the strategy config JSON Schema, or write it with --out. */
export async function run(argv: string[]): Promise<number> {
  return runCommand(HELP, argv, async () => {
    const { values } = parseCommandArgs(argv, { out: { type: 'string' } }, false);
    const text = strategyConfigJsonSchemaText();
    if (values.out) {
      writeFileSync(values.out, text);
      process.stderr.write(`wrote ${values.out}\n`);
    } else process.stdout.write(text);
    return 0;
  });
}
