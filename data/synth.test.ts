import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32, synthCandles } from './synth.ts';
import { tempDir } from '../testkit/data.ts';
import { validateBatch } from './validate.ts';
import { writeCandlesFile } from './write-file.ts';

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('synthCandles', () => {
  it('is valid OHLC by construction, aligned and contiguous', () => {
    const c = synthCandles({ bars: 50_000, seed: 7, timeframe: '5m', volatility: 3 });
    const v = validateBatch(c, '5m');
    expect(v.rejected, 'no bar breaks a rule').toEqual([]);
    expect(v.candles.length).toBe(50_000);
    expect(c.openTime[0]).toBe(Date.UTC(2024, 0, 1));
    expect(c.openTime[49_999] - c.openTime[0]).toBe(49_999 * 300_000);
    for (let i = 1; i < c.length; i++) expect(c.open[i], 'each bar opens at the previous close').toBe(c.close[i - 1]);
  });

  it('same seed, same numbers; another seed, other numbers', () => {
    const a = synthCandles({ bars: 1000, seed: 42 });
    expect(synthCandles({ bars: 1000, seed: 42 })).toEqual(a);
    expect(synthCandles({ bars: 1000, seed: 43 }).close).not.toEqual(a.close);
    const r = mulberry32(1);
    const xs = Array.from({ length: 10_000 }, r);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });

  it.each(['parquet', 'csv', 'arrow'] as const)('two runs write identical %s bytes', async (format) => {
    const tmp = tempDir();
    try {
      const files = [join(tmp.dir, `a.${format}`), join(tmp.dir, `b.${format}`)];
      for (const f of files) await writeCandlesFile(synthCandles({ bars: 100_000, seed: 42 }), f, format);
      expect(sha(files[0])).toBe(sha(files[1]));
    } finally {
      tmp.cleanup();
    }
  });
});
