import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** Code lines (comments stripped) of every engine source file that match `pattern`, as `file:line: text`. */
function offenders(test: (code: string) => boolean): string[] {
  return sources(join(ROOT, 'engine')).flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .map((line, i) => ({ code: line.replace(/\/\/.*$/, ''), i }))
      .filter(({ code }) => !/^\s*(\/\*|\*)/.test(code) && test(code))
      .map(({ code, i }) => `${relative(ROOT, file)}:${i + 1}: ${code.trim()}`),
  );
}

/**
 * Ways code names or branches on a mode: isLive / inPaper / isBacktest, liveMode / paperTrading, the strings
 * 'live' / 'paper', `if (live)`, `paper ? a : b`, `&& live`, and mode flags read from the environment.
 */
const MODE_SWITCH = [
  /\b(is|in)_?(live|paper|realtime|backtest)\b/i,
  /\b(live|paper|backtest)_?(mode|trading|session)\b/i,
  /['"`](live|paper)['"`]/i,
  /\b(if|while)\s*\(\s*!?\s*(this\.)?((opts|options|config|ctx)\.)?(live|paper)\b/i,
  /(^|[^.\w])(live|paper)\s*(\?|&&|\|\|)|(&&|\|\|)\s*!?\s*(live|paper)\b/i,
  /\bprocess\.env\b/,
];
const matchesModeSwitch = (code: string) => MODE_SWITCH.some((re) => re.test(code));

describe('one engine: no live/paper mode switch in strategy, indicator, execution or metrics code', () => {
  it('no engine source branches on (or even names) a live or paper mode', () => {
    // The Clock's `kind` ('backtest' | 'live') is the one place a mode is named: the clock factory lives in
    // data/wall-clock.ts and nothing in the engine reads `kind`.
    const hits = offenders(matchesModeSwitch).filter((l) => !/^engine\/clock\.ts:\d+: readonly kind: 'backtest' \| 'live';$/.test(l));
    expect(hits, 'a mode switch would let live and backtest results differ').toEqual([]);
  });

  it('nothing in the engine reads clock.kind', () => {
    expect(offenders((code) => /\.kind\s*===?\s*['"](live|backtest)['"]|clock\??\.kind\b/.test(code))).toEqual([]);
  });

  it('the scanner finds such branches (so an empty result means something)', () => {
    const yes = ['if (live) {', 'const isLive = x;', "if (clock === 'live')", 'return paper ? 1 : 2', 'if (!this.opts.live) return;', 'const liveMode = true;', 'x && live', 'process.env.STRATA_MODE'];
    const no = ['const deliver = 1;', 'if (!slot.live) continue;', 'olive', 'alive', 'liveliness', "if (a.mode === 'fixed') {"];
    expect(yes.filter((c) => !matchesModeSwitch(c)), 'all of these are mode switches').toEqual([]);
    expect(no.filter(matchesModeSwitch), 'none of these is').toEqual([]);
  });
});
