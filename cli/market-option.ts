import { existsSync, readFileSync } from 'node:fs';
import { MarketSchema, type Market } from '../engine/markets/market.ts';
import { UsageError } from './args.ts';

/** `--market crypto|us_equity|FILE.json` (a custom calendar: timeZone, sessions, weekdays, holidays, earlyCloses). */
export function parseMarketOption(text: string): Market {
  let value: unknown = text;
  if (text !== 'crypto' && text !== 'us_equity') {
    if (!existsSync(text)) throw new UsageError(`--market must be crypto, us_equity or a JSON file with a custom calendar, got "${text}"`);
    try {
      value = JSON.parse(readFileSync(text, 'utf8'));
    } catch (err) {
      throw new UsageError(`--market ${text}: not JSON (${(err as Error).message})`);
    }
  }
  const r = MarketSchema.safeParse(value);
  if (!r.success) throw new UsageError(`--market ${text}: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return r.data;
}
