import { describe, expect, it } from 'vitest';
import { formatPercent } from './format.ts';

describe('formatPercent', () => {
  it('formats a fraction with the given digits, sign and stand-in for missing values', () => {
    expect(formatPercent(0.12345), 'two digits by default').toBe('12.35%');
    expect(formatPercent(-0.5, { digits: 1 })).toBe('-50.0%');
    expect(formatPercent(0, { sign: true, digits: 1 }), 'zero is signed too').toBe('+0.0%');
    expect(formatPercent(0.02, { sign: true })).toBe('+2.00%');
    expect(formatPercent(null), 'an en dash by default').toBe('–');
    expect(formatPercent(undefined, { missing: '-' })).toBe('-');
    expect(formatPercent('0.1', { missing: '-' }), 'a string is not a number').toBe('-');
  });
});
