import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { isSymbol, parseSymbol, SYMBOL_HELP, SYMBOL_PATTERN, SymbolSchema, tryParseSymbol } from './symbol.ts';

describe('parseSymbol', () => {
  it('reads pairs with an optional settle currency', () => {
    expect(parseSymbol('BTC/USDT')).toEqual({ kind: 'pair', symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', settle: null });
    expect(parseSymbol('BTC/USDT:USDT')).toEqual({ kind: 'pair', symbol: 'BTC/USDT:USDT', base: 'BTC', quote: 'USDT', settle: 'USDT' });
  });

  it('reads bare and exchange-style tickers', () => {
    for (const t of ['ORCL', 'BRK.B', 'BRK-B', 'ES', '^GSPC', '7203.T', 'ES=F', 'EURUSD=X', 'BTCUSDT']) {
      expect(tryParseSymbol(t), `${t} is a ticker`).toEqual({ kind: 'ticker', symbol: t, ticker: t });
    }
  });

  it('refuses everything else with one message', () => {
    for (const bad of ['', 'BTC/', '/USDT', 'BTC USDT', 'BTC/USDT/ETH', '^', 'A..B', '.A', 'A.', 'BTC/USDT:', 'x'.repeat(41), 'ORCL;DROP']) {
      expect(isSymbol(bad), JSON.stringify(bad)).toBe(false);
    }
    expect(() => parseSymbol('BTC USDT', '--symbol')).toThrow(`--symbol: "BTC USDT" is not a symbol: ${SYMBOL_HELP}`);
  });

  it('is the schema configs and the API validate with', () => {
    expect(SymbolSchema.parse('ORCL')).toBe('ORCL');
    const r = z.object({ symbol: SymbolSchema }).safeParse({ symbol: 'BTC-' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toBe(`not a symbol: ${SYMBOL_HELP}`);
    const pattern = new RegExp(SYMBOL_PATTERN);
    for (const t of ['ORCL', 'BRK.B', '^GSPC', 'BTC/USDT:USDT']) expect(pattern.test(t), `${t} matches the published pattern`).toBe(true);
    for (const t of ['BTC-', 'BTC USDT', 'A/B/C']) expect(pattern.test(t), `${t} does not`).toBe(false);
  });
});
