/** Files that break the usual layout or conventions: each is read as meant, or its problem is named by row. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadFile } from './import.ts';
import { tempDir } from '../testkit/data.ts';
import { REASON } from './validate.ts';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const write = (name: string, text: string) => {
  const file = join(tmp.dir, name);
  writeFileSync(file, text);
  return file;
};

/** Minute bars in backtrader's sample layout: the header lacks the Time column its rows have; bars stamped at their close. */
function backtraderMinutes(days: number, perDay: number): string {
  const rows = ['Date,Open,High,Low,Close,Volume,OpenInterest'];
  for (let d = 0; d < days; d++) {
    for (let m = 1; m <= perDay; m++) {
      const hh = String(9 + Math.floor(m / 60)).padStart(2, '0');
      const mm = String(m % 60).padStart(2, '0');
      const p = 3600 + d + m / 100;
      rows.push(`2006-01-0${2 + d},${hh}:${mm}:00,${p.toFixed(2)},${(p + 1).toFixed(2)},${(p - 1).toFixed(2)},${p.toFixed(2)},${100 + m},0`);
    }
  }
  return rows.join('\n') + '\n';
}

describe('a header without the Time column its rows have (backtrader)', () => {
  it('reads Date + Time from the rows and says how it read them', async () => {
    const file = write('bt-min.txt', backtraderMinutes(2, 30));
    const { report, candles } = await loadFile(file, { symbol: 'ES', timeframe: '1m' });
    expect(report.quarantined, 'no row is rejected').toBe(0);
    expect(report.imported).toBe(60);
    expect(candles.openTime[0], '09:01 read with its date').toBe(Date.UTC(2006, 0, 2, 9, 1));
    expect(candles.close[0]).toBe(3600.01);
    expect(report.notes.join('\n')).toMatch(/header names 7 columns but the rows have 8.*read as Date,Time,Open/);
  });

  it('warns that the days start one bar after the hour (close-stamped), and --timestamps close moves the bars to their open', async () => {
    const file = write('bt-min.txt', backtraderMinutes(3, 30));
    const asOpen = await loadFile(file, { symbol: 'ES', timeframe: '1m' });
    expect(asOpen.report.timestamps).toBe('open');
    expect(asOpen.report.notes.join('\n')).toMatch(/first bar of 3 of 3 days is at HH:01.*--timestamps close/);
    const asClose = await loadFile(file, { symbol: 'ES', timeframe: '1m', timestamps: 'close' });
    expect(asClose.report.timestamps).toBe('close');
    expect(asClose.candles.openTime[0], 'the bar that closed at 09:01 opened at 09:00').toBe(Date.UTC(2006, 0, 2, 9, 0));
    expect(asClose.report.notes.join('\n')).not.toMatch(/--timestamps close/);
  });

  it('gives no close-stamp note for data whose days start on the hour', async () => {
    const rows = ['open_time,open,high,low,close,volume'];
    for (let i = 0; i < 3 * 1440; i += 7) rows.push(`${Date.UTC(2024, 0, 1) + i * 60_000},10,11,9,10,1`);
    const { report } = await loadFile(write('X_Y-1m.csv', rows.join('\n') + '\n'));
    expect(report.notes.some((n) => n.includes('--timestamps close'))).toBe(false);
  });
});

describe('a file whose last line has no newline', () => {
  const head = ['Date,Open,High,Low,Close,Volume', '2024-01-01T00:00:00Z,10.00,12.00,9.00,11.00,561.06', '2024-01-01T00:01:00Z,10.00,12.00,9.00,11.00,230.10'];

  it('quarantines a last row cut inside a number (561.06 cut to 56), naming the row', async () => {
    const file = write('cut.csv', [...head, '2024-01-01T00:02:00Z,10.00,12.00,9.00,11.00,56'].join('\n'));
    const { report, quarantine } = await loadFile(file, { symbol: 'X/Y', timeframe: '1m' });
    expect(report.imported).toBe(2);
    expect(quarantine).toEqual([{ rowNumber: 3, reason: REASON.truncated, raw: '2024-01-01T00:02:00Z,10.00,12.00,9.00,11.00,56' }]);
  });

  it('quarantines a last row with fewer fields than the header', async () => {
    const file = write('short.csv', [...head, '2024-01-01T00:02:00Z,10.00,12.00,9.00,11.00'].join('\n'));
    const { quarantine } = await loadFile(file, { symbol: 'X/Y', timeframe: '1m' });
    expect(quarantine.map((q) => q.reason)).toEqual([REASON.truncated]);
  });

  it('keeps a complete last row', async () => {
    const file = write('whole.csv', [...head, '2024-01-01T00:02:00Z,10.00,12.00,9.00,11.00,561.06'].join('\n'));
    const { report } = await loadFile(file, { symbol: 'X/Y', timeframe: '1m' });
    expect([report.imported, report.quarantined]).toEqual([3, 0]);
  });
});

describe('how the series was named', () => {
  it('says the symbol came from a freqtrade file name, and how to override it', async () => {
    const { report } = await loadFile('data/samples/UNITTEST_BTC-5m.feather');
    expect(report.series.symbol).toBe('UNITTEST/BTC');
    expect(report.symbolFrom).toBe('file name');
    expect(report.notes.join('\n')).toMatch(/symbol UNITTEST\/BTC taken from the file name UNITTEST_BTC-5m.feather .*--symbol/);
  });
});
