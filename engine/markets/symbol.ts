import * as z from 'zod';

/**
 * The one symbol grammar of Strata, used wherever a symbol enters (configs, `--symbol`, the store, file-name
 * inference, the API, the dashboard):
 * - a pair `BASE/QUOTE[:SETTLE]` (ccxt's unified form: `BTC/USDT`, `BTC/USDT:USDT`), parts of letters and digits;
 * - a ticker as exchanges and data vendors write it: `ORCL`, `BRK.B`, `BRK-B`, `ES`, `^GSPC`, `7203.T`, `ES=F`:
 *   letters and digits, an optional leading `^` (an index), and further parts joined by `.`, `-` or `=`.
 */
export type ParsedSymbol =
  | { readonly kind: 'pair'; readonly symbol: string; readonly base: string; readonly quote: string; readonly settle: string | null }
  | { readonly kind: 'ticker'; readonly symbol: string; readonly ticker: string };

const PART = '[A-Za-z0-9]{1,20}';
const PAIR = new RegExp(`^(${PART})/(${PART})(?::(${PART}))?$`);
const TICKER = /^\^?[A-Za-z0-9]{1,20}(?:[.\-=][A-Za-z0-9]{1,20}){0,3}$/;
const MAX_LENGTH = 40;

/** The one message every rejected symbol gets. */
export const SYMBOL_HELP = 'a symbol is a pair BASE/QUOTE[:SETTLE] (BTC/USDT, BTC/USDT:USDT) or a ticker (ORCL, BRK.B, ES, ^GSPC, 7203.T)';

/** The parsed symbol, or null when the text is neither a pair nor a ticker. */
export function tryParseSymbol(text: string): ParsedSymbol | null {
  if (text.length === 0 || text.length > MAX_LENGTH) return null;
  const m = PAIR.exec(text);
  if (m) return { kind: 'pair', symbol: text, base: m[1], quote: m[2], settle: m[3] ?? null };
  if (TICKER.test(text)) return { kind: 'ticker', symbol: text, ticker: text };
  return null;
}

/** The parsed symbol; throws `"<text>" is not a symbol: <SYMBOL_HELP>` (prefixed by `where`, e.g. a flag or file). */
export function parseSymbol(text: string, where?: string): ParsedSymbol {
  const parsed = tryParseSymbol(text);
  if (parsed) return parsed;
  throw new Error(symbolError(text, where));
}

/** The message for a rejected symbol (one wording everywhere). */
export function symbolError(text: string, where?: string): string {
  return `${where ? `${where}: ` : ''}"${text}" is not a symbol: ${SYMBOL_HELP}`;
}

/** True for text the grammar accepts. */
export function isSymbol(text: string): boolean {
  return tryParseSymbol(text) !== null;
}

/** Both forms as one pattern, for JSON Schema (editors, the dashboard's form) and HTML inputs. */
export const SYMBOL_PATTERN = `^(?:${PAIR.source.slice(1, -1)}|${TICKER.source.slice(1, -1)})$`;

/** The config and API schema of a symbol (the same grammar and message). */
export const SymbolSchema = z
  .string()
  .max(MAX_LENGTH, `not a symbol: ${SYMBOL_HELP}`)
  .regex(new RegExp(SYMBOL_PATTERN), `not a symbol: ${SYMBOL_HELP}`)
  .describe('A pair BASE/QUOTE[:SETTLE] (BTC/USDT) or a ticker (ORCL, BRK.B, ES, ^GSPC, 7203.T).');
