import { describe, expect, it } from 'vitest';
import { closest, editDistance } from './suggest.ts';

describe('suggestions', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('clsoe', 'close')).toBe(1);
    expect(editDistance('rsii', 'rsi')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests only plausible typos, deterministically on ties', () => {
    expect(closest('rsii', ['rsi', 'close'])).toBe('rsi');
    expect(closest('volum', ['volume', 'open'])).toBe('volume');
    expect(closest('zzz', ['rsi', 'close']), 'nothing is close to zzz').toBeNull();
    expect(closest('ab', ['ac', 'aa']), 'ties go to the alphabetically first').toBe('aa');
    expect(closest('ab', ['aa', 'ac'])).toBe('aa');
  });
});
