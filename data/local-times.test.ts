import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFile } from './import.ts';

const dir = mkdtempSync(join(tmpdir(), 'strata-tz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** yfinance-style hourly rows of Friday 2024-03-08 (EST) and Monday 2024-03-11 (EDT), each 09:30..15:30. */
function hourly(stamp: (day: string, hh: number, offset: string) => string): string {
  const rows = ['Datetime,Open,High,Low,Close,Adj Close,Volume'];
  for (const [day, offset] of [['2024-03-08', '-05:00'], ['2024-03-11', '-04:00']]) {
    for (let h = 9; h <= 15; h++) rows.push(`${stamp(day, h, offset)},10,11,9,10,10,100`);
  }
  return rows.join('\n') + '\n';
}
const at = (day: string, h: number) => `${day} ${String(h).padStart(2, '0')}:30:00`;

describe('local timestamps on import', () => {
  it("honours yfinance's offsets: 1h US equity bars across a DST change, no quarantine and no gaps", async () => {
    const file = join(dir, 'orcl-1h.csv');
    writeFileSync(file, hourly((d, h, o) => `${at(d, h)}${o}`));
    const { report, candles } = await loadFile(file, { symbol: 'ORCL', timeframe: '1h', market: 'us_equity' });
    expect(report.quarantined).toBe(0);
    expect(report.gaps.missing, 'Friday 15:30 to Monday 09:30 is a weekend').toBe(0);
    expect(new Date(candles.openTime[0]).toISOString(), '09:30 EST').toBe('2024-03-08T14:30:00.000Z');
    expect(new Date(candles.openTime[7]).toISOString(), '09:30 EDT').toBe('2024-03-11T13:30:00.000Z');
  });

  it('without the market those session hours are not UTC hours, and say so', async () => {
    const file = join(dir, 'orcl-1h-crypto.csv');
    writeFileSync(file, hourly((d, h, o) => `${at(d, h)}${o}`));
    const { report } = await loadFile(file, { symbol: 'ORCL', timeframe: '1h' });
    expect(report.byReason).toEqual({ 'open time not aligned to timeframe': 14 });
  });

  it('--tz reads naive times as wall-clock times of the zone', async () => {
    const file = join(dir, 'naive.csv');
    writeFileSync(file, hourly((d, h) => at(d, h)));
    const { report, candles } = await loadFile(file, { symbol: 'ORCL', timeframe: '1h', market: 'us_equity', tz: 'America/New_York' });
    expect(report.quarantined).toBe(0);
    expect(report.notes).toContain('timestamps read as America/New_York wall-clock times (--tz)');
    expect([candles.openTime[0], candles.openTime[7]]).toEqual([Date.parse('2024-03-08T14:30:00Z'), Date.parse('2024-03-11T13:30:00Z')]);
  });

  it('--tz is refused for timestamps that carry an offset, and an unknown zone is named', async () => {
    const file = join(dir, 'offsets.csv');
    writeFileSync(file, hourly((d, h, o) => `${at(d, h)}${o}`));
    await expect(loadFile(file, { symbol: 'ORCL', timeframe: '1h', tz: 'America/New_York' })).rejects.toThrow('--tz America/New_York: row 1 already carries a UTC offset');
    await expect(loadFile(join(dir, 'naive.csv'), { symbol: 'ORCL', tz: 'Mars/Base' })).rejects.toThrow('unknown time zone "Mars/Base"');
  });
});
