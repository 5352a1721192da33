import { describe, expect, it } from 'vitest';
import { esc } from './escape.ts';

describe('esc', () => {
  it('escapes the five characters that can break out of text or a quoted attribute', () => {
    expect(esc(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
  it('stringifies anything else and leaves plain text alone', () => {
    expect([esc(12.5), esc(null), esc('BTC/USDT 1m')]).toEqual(['12.5', 'null', 'BTC/USDT 1m']);
  });
});
