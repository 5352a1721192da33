import { describe, expect, it } from 'vitest';
import { hintsFromName } from './detect.ts';

describe('hintsFromName', () => {
  it('reads freqtrade pair names', () => {
    expect(hintsFromName('data/UNITTEST_BTC-5m.feather')).toEqual({ symbol: 'UNITTEST/BTC', timeframe: '5m' });
    expect(hintsFromName('BTC_USDT_USDT-1h-futures.feather')).toEqual({ symbol: 'BTC/USDT:USDT', timeframe: '1h' });
    expect(hintsFromName('XRP_ETH-trades.parquet')).toEqual({ symbol: 'XRP/ETH', trades: true });
  });

  it('reads ticker names: the ticker is what comes before the last -TF', () => {
    expect(hintsFromName('/x/ORCL-1d.csv')).toEqual({ symbol: 'ORCL', timeframe: '1d' });
    expect(hintsFromName('brk.b-1d.csv'), 'upper-cased like pair names').toEqual({ symbol: 'BRK.B', timeframe: '1d' });
    expect(hintsFromName('BRK-B-1h.parquet')).toEqual({ symbol: 'BRK-B', timeframe: '1h' });
    expect(hintsFromName('^GSPC-1d.csv')).toEqual({ symbol: '^GSPC', timeframe: '1d' });
    expect(hintsFromName('7203.T-1d.csv')).toEqual({ symbol: '7203.T', timeframe: '1d' });
  });

  it('says nothing for names that are neither', () => {
    expect(hintsFromName('orcl-1995-2014.txt'), '2014 is no timeframe').toEqual({});
    expect(hintsFromName('candles.csv')).toEqual({});
    expect(hintsFromName('my prices-1d.csv'), 'a space is no ticker').toEqual({});
  });
});
