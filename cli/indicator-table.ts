/** Rewrites README.md's indicator table from the registry: `npx tsx cli/indicator-table.ts`. */
import { readFileSync, writeFileSync } from 'node:fs';
import { withIndicatorTable } from '../engine/indicators/readme-table.ts';

const file = new URL('../README.md', import.meta.url);
const before = readFileSync(file, 'utf8');
const after = withIndicatorTable(before);
writeFileSync(file, after);
process.stdout.write(before === after ? 'README.md indicator table already current\n' : 'README.md indicator table rewritten\n');
