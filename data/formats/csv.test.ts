import { describe, expect, it } from 'vitest';
import { readCsv } from './csv.ts';
import type { RawCandles, RawTrades } from './raw.ts';

const candles = (text: string) => readCsv(text) as RawCandles;
const D = Date.UTC(2024, 0, 2);

describe('readCsv', () => {
  it('reads any header case, ignores extra columns, and numbers data rows from 1 after the header', () => {
    const r = candles('DATE,OPEN,HIGH,LOW,CLOSE,Adj Close,VOLUME,OpenInterest\n2024-01-02,1,2,0.5,1.5,1.4,100,7\n2024-01-03,1.5,2,1,1.8,1.7,50,7\n');
    expect(r.cols.length).toBe(2);
    expect(Array.from(r.cols.openTime)).toEqual([D, D + 86_400_000]);
    expect(Array.from(r.cols.close)).toEqual([1.5, 1.8]);
    expect(Array.from(r.cols.volume)).toEqual([100, 50]);
    expect(Array.from(r.rowNumbers)).toEqual([1, 2]);
    expect(r.raw(1)).toBe('2024-01-03,1.5,2,1,1.8,1.7,50,7');
  });

  it('joins separate Date and Time columns', () => {
    const r = candles('Date;Time;Open;High;Low;Close;Volume\r\n2024-01-02;09:30;1;2;0.5;1.5;100\r\n');
    expect(r.cols.openTime[0]).toBe(D + 9.5 * 3_600_000);
  });

  it('reads epoch seconds and ms, quoted fields and timestamp/open_time names', () => {
    expect(candles('timestamp,open,high,low,close,volume\n1704153600,1,2,0.5,1.5,1\n').cols.openTime[0]).toBe(D);
    expect(candles('"open_time","open","high","low","close","volume"\n"1704153600000","1","2","0.5","1.5","1"\n').cols.openTime[0]).toBe(D);
  });

  it('keeps a newline inside a quoted field in its row (RFC 4180), and numbers the rows after it on', () => {
    const r = candles('date,open,high,low,close,volume,note\n2024-01-02,1,2,0.5,1.5,1,"split\nacross ""two"" lines"\n2024-01-03,1.5,2,1,1.8,2,plain\n');
    expect(r.malformed).toEqual([]);
    expect(Array.from(r.cols.close)).toEqual([1.5, 1.8]);
    expect(Array.from(r.rowNumbers)).toEqual([1, 2]);
    expect(r.raw(1)).toBe('2024-01-03,1.5,2,1,1.8,2,plain');
  });

  it('a quote never closed does not swallow the lines after it: each is judged on its own', () => {
    const r = candles('date,open,high,low,close,volume,note\n2024-01-02,1,2,0.5,1.5,1,"open\n2024-01-03,1.5,2,1,1.8,2,ok\n');
    expect(Array.from(r.cols.close)).toEqual([1.5, 1.8]);
  });

  it('reads a Dukascopy export (Gmt time, day-first dotted dates)', () => {
    expect(candles('Gmt time,Open,High,Low,Close,Volume\n02.01.2024 00:00:00.000,1,2,0.5,1.5,1\n').cols.openTime[0]).toBe(D);
  });

  it('reads a headerless Binance kline dump', () => {
    const r = candles('1704153600000,1,2,0.5,1.5,10,1704153659999,15,3,5,7,0\n');
    expect([r.cols.openTime[0], r.cols.high[0], r.cols.volume[0]]).toEqual([D, 2, 10]);
  });

  it('turns unreadable values into NaN for validation and short rows into malformed rows, with row numbers', () => {
    const r = candles('date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,1\nnot a date,1,2,0.5,1.5,1\n2024-01-04,x,2,0.5,1.5,\n\n2024-01-05,1,2\n');
    expect(r.cols.openTime[1]).toBeNaN();
    expect(r.cols.open[2]).toBeNaN();
    expect(r.cols.volume[2], 'an empty field is missing, not 0').toBeNaN();
    expect(r.malformed).toEqual([{ rowNumber: 5, reason: 'malformed row', raw: '2024-01-05,1,2' }]);
  });

  it('reads trades when there are price and amount columns', () => {
    const r = readCsv('timestamp,id,side,price,amount\n1704153600000,1,buy,10,0.5\n') as RawTrades;
    expect(r.kind).toBe('trades');
    expect([r.time[0], r.price[0], r.amount[0]]).toEqual([D, 10, 0.5]);
  });

  it('names the missing columns', () => {
    expect(() => readCsv('date,price\n2024-01-02,1\n')).toThrow(/missing column\(s\) open, high, low, close, volume.*found: date, price/);
  });
});
