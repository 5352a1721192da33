import { writeFileSync } from 'node:fs';
import { strategyConfigJsonSchemaText } from '../../engine/config/json-schema.ts';
import { portfolioJsonSchema } from '../../engine/portfolio/config.ts';
import { parseCommandArgs, runCommand } from '../args.ts';
import { HELP } from '../help/schema.ts';

/** `strata schema`: print the strategy config JSON Schema, or write it with --out. */
export async function run(argv: string[]): Promise<number> {
  return runCommand(HELP, argv, async () => {
    const { values } = parseCommandArgs(argv, { out: { type: 'string' }, portfolio: { type: 'boolean' } }, false);
    const text = values.portfolio ? `${JSON.stringify(portfolioJsonSchema(), null, 2)}\n` : strategyConfigJsonSchemaText();
    if (values.out) {
      writeFileSync(values.out, text);
      process.stderr.write(`wrote ${values.out}\n`);
    } else process.stdout.write(text);
    return 0;
  });
}
