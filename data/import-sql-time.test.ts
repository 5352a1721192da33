import { describe, expect, it } from 'vitest';
import { parseTimestamp } from './formats/time-parse.ts';
import { timeTextSql } from './import-sql-time.ts';
import { openStore } from './store.ts';

describe('timeTextSql', () => {
  it("reads each text as parseTimestamp does, or leaves it NULL for parseTimestamp to read", async () => {
    // The export shape and near misses: a space or sign in a digit's place, hour 24, second 60, day 31 of
    // February, other separators, lower-case letters, offsets, epoch numbers.
    const texts = [
      '2024-01-01T00:00:00.000Z', '2024-03-09T13:45:07.123Z', '1970-01-01T00:00:00.000Z', '0999-01-01T00:00:00.000Z', '0050-01-01T00:00:00.000Z', '0050-01-01', '2024-01-01 24:00:00',
      ' 024-01-01T00:00:00.000Z', '2024-01-01T 0:00:00.000Z', '-024-01-01T00:00:00.000Z', '2024-01-01T24:00:00.000Z',
      '2024-01-01T00:00:60.000Z', '2024-02-31T00:00:00.000Z', '2024-01-01 00:00:00.000Z', '2024-01-01t00:00:00.000z',
      '2024-01-01T00:00:00Z', '2024-01-01', '2024-01-01T00:00:00.000+05:00', ' 2024-01-01T00:00:00.000Z ',
      '1704067200000', '1704067200', '20240101',
    ];
    const store = await openStore(':memory:');
    const list = texts.map((t) => `('${t}')`).join(', ');
    const rows = (await store.connection.runAndReadAll(`SELECT t, ${timeTextSql('t')} FROM (VALUES ${list}) v(t)`)).getRows();
    store.close();
    expect(rows).toHaveLength(texts.length);
    let read = 0;
    for (const [text, ms] of rows) {
      if (ms === null) continue; // parseTimestamp reads these afterwards (resolveTimesInJs)
      read++;
      expect(Number(ms), String(text)).toBe(parseTimestamp(String(text)));
    }
    expect(read, 'SQL reads the common shapes itself').toBeGreaterThanOrEqual(8);
  });
});
