import { describe, expect, it } from 'vitest';
import { keyedFigures, type SuiteResult } from '../web/reports/bench-format.ts';
import { calibrationRatio, evaluateGate, floorMargin, formatGate, makeBaseline, worseBy, type Baseline, type KeyedFigure } from './gate.ts';

const CAL_BASE = 5; // ns per calibration iteration when the baseline was written

function fig(name: string, value: number, over: Partial<KeyedFigure> = {}, cal = CAL_BASE): KeyedFigure {
  const better = over.better ?? 'lower';
  const f: KeyedFigure = { suite: 'replay', name, value, unit: better === 'lower' ? 'ns' : 'updates/s', samples: 3, better, gated: true, ...over };
  return f.normalize === false ? f : { ...f, ratio: calibrationRatio(value, better, cal) };
}

function baselineOf(figures: KeyedFigure[]): Baseline {
  return makeBaseline(figures, { createdAt: '2026-01-01T00:00:00.000Z', mode: 'quick', tolerance: 0.3, machine: { node: 'v20', cpuModel: 'test', cpuCount: 2 }, calibrationNs: CAL_BASE });
}

const base = baselineOf([
  fig('100 strategies updates/s', 5_000_000, { better: 'higher' }),
  fig('100 strategies per strategy p99', 800),
  fig('memory per instance', 14_000, { normalize: false, unit: 'bytes' }),
]);

describe('evaluateGate', () => {
  it('a suite-wide "<suite>/*" tolerance covers its figures; an exact key still wins', () => {
    const ind = (name: string, v: number) => fig(name, v, { suite: 'indicators' });
    const b = baselineOf([ind('bop strata', 50), ind('sma strata', 10)]);
    const tolerances = { 'indicators/*': 1.5, 'indicators/sma strata': 0.3 };
    const r = evaluateGate(b, [ind('bop strata', 100), ind('sma strata', 20)], { tolerance: 0.3, tolerances });
    expect(r.rows.map((x) => `${x.key} ${x.status}`)).toEqual(['indicators/bop strata ok', 'indicators/sma strata regressed']);
    expect(evaluateGate(b, [ind('bop strata', 130)], { tolerance: 0.3, tolerances }).ok, 'a 2.6x slowdown still fails').toBe(false);
  });

  it('fails naming the figure whose ratio regressed beyond the tolerance', () => {
    const now = [
      fig('100 strategies updates/s', 3_000_000, { better: 'higher' }), // 40% fewer updates on the same machine
      fig('100 strategies per strategy p99', 820),
      fig('memory per instance', 14_100, { normalize: false, unit: 'bytes' }),
    ];
    const r = evaluateGate(base, now, { tolerance: 0.3 });
    expect(r.ok, 'a 67% slowdown (base/now - 1) is past a 30% tolerance').toBe(false);
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0], 'the message names the figure').toContain('replay/100 strategies updates/s');
    expect(r.rows.find((x) => x.key === 'replay/100 strategies updates/s')?.status).toBe('regressed');
    expect(formatGate(r)).toMatch(/FAIL replay\/100 strategies updates\/s regressed \+66\.7%/);
  });

  it('on a busy machine, a wall-clock figure past its tolerance is reported as noisy, not failed; CPU-time and byte figures still fail', () => {
    const busy = 'load average 13.2 on 2 cores';
    const now = [
      fig('100 strategies updates/s', 2_000_000, { better: 'higher', busy, clock: 'cpu' }), // CPU time: gated
      fig('100 strategies per strategy p99', 2_000, { busy }), // wall clock, 150% worse: noisy
      fig('memory per instance', 30_000, { normalize: false, unit: 'bytes', busy }), // bytes: gated
    ];
    const r = evaluateGate(base, now, { tolerance: 0.3 });
    const status = Object.fromEntries(r.rows.map((x) => [x.key, x.status]));
    expect(status).toEqual({
      'replay/100 strategies updates/s': 'regressed',
      'replay/100 strategies per strategy p99': 'noisy',
      'replay/memory per instance': 'regressed',
    });
    expect(r.failures).toHaveLength(2);
    expect(formatGate(r)).toContain('NOISY (+150.0% worse; not gated: wall clock, load average 13.2 on 2 cores)');
    const quiet = evaluateGate(base, [fig('100 strategies per strategy p99', 2_000)], { tolerance: 0.3 });
    expect(quiet.rows[0].status, 'the same figure on a quiet machine fails').toBe('regressed');
  });

  it('passes within tolerance', () => {
    const now = [
      fig('100 strategies updates/s', 4_200_000, { better: 'higher' }), // 19% worse
      fig('100 strategies per strategy p99', 1_000), // 25% worse
      fig('memory per instance', 15_000, { normalize: false, unit: 'bytes' }),
    ];
    const r = evaluateGate(base, now, { tolerance: 0.3 });
    expect(r.ok, r.failures.join('\n')).toBe(true);
    expect(r.rows.every((x) => x.status === 'ok')).toBe(true);
  });

  it('compares ratios to the calibration loop, so a uniformly slower machine passes', () => {
    // Everything, the calibration loop included, takes twice as long.
    const slow = 2;
    const now = [
      fig('100 strategies updates/s', 5_000_000 / slow, { better: 'higher' }, CAL_BASE * slow),
      fig('100 strategies per strategy p99', 800 * slow, {}, CAL_BASE * slow),
      fig('memory per instance', 14_000, { normalize: false, unit: 'bytes' }),
    ];
    const r = evaluateGate(base, now, { tolerance: 0.3 });
    expect(r.ok, 'half the speed with half-speed calibration is no regression').toBe(true);
    expect(r.rows.find((x) => x.key === 'replay/100 strategies updates/s')?.change).toBeCloseTo(0, 10);
    // The same slow figures against an unchanged calibration would fail.
    const unnormalised = evaluateGate(base, [fig('100 strategies updates/s', 5_000_000 / slow, { better: 'higher' })], { tolerance: 0.3 });
    expect(unnormalised.ok).toBe(false);
  });

  it('gates bytes on their value, not on the calibration ratio', () => {
    const now = [fig('memory per instance', 20_000, { normalize: false, unit: 'bytes' }, CAL_BASE * 3)];
    const r = evaluateGate(base, now, { tolerance: 0.3 });
    const row = r.rows.find((x) => x.key === 'replay/memory per instance')!;
    expect(row.compared).toBe('value');
    expect(row.change).toBeCloseTo(20_000 / 14_000 - 1, 10);
    expect(r.failures[0]).toContain('replay/memory per instance');
  });

  it('applies per-figure tolerances over the default', () => {
    const now = [fig('100 strategies per strategy p99', 1_400)]; // 75% worse
    expect(evaluateGate(base, now, { tolerance: 0.3 }).ok).toBe(false);
    expect(evaluateGate(base, now, { tolerance: 0.3, tolerances: { 'replay/100 strategies per strategy p99': 1 } }).ok).toBe(true);
  });

  it('reports floors with their margin; a missed floor fails only when enforced', () => {
    const now = [
      fig('100 strategies updates/s', 4_000_000, { better: 'higher', floor: { value: 5_000_000, source: 'issue 2' } }),
      fig('100 strategies per strategy p99', 800, { floor: { value: 50_000, source: 'issue 11' } }),
    ];
    const r = evaluateGate(base, now, { tolerance: 0.3 });
    const rate = r.floors.find((f) => f.key === 'replay/100 strategies updates/s')!;
    const p99 = r.floors.find((f) => f.key === 'replay/100 strategies per strategy p99')!;
    expect(rate.margin, '4M against a 5M floor is 20% short').toBeCloseTo(-0.2, 10);
    expect(rate.met).toBe(false);
    expect(p99.margin, '800 ns against 50 us leaves 61.5x headroom').toBeCloseTo(50_000 / 800 - 1, 10);
    expect(p99.met).toBe(true);
    expect(r.ok, 'floors are reported, not fatal, by default').toBe(true);
    expect(formatGate(r)).toMatch(/replay\/100 strategies updates\/s .* -20\.0% MISSED \(issue 2/);
    const enforced = evaluateGate(base, now, { tolerance: 0.3, enforceFloors: true });
    expect(enforced.ok).toBe(false);
    expect(enforced.failures[0]).toContain('below its floor (issue 2)');
  });

  it('lists new figures and missing ones without failing', () => {
    const now = [fig('100 strategies updates/s', 5_000_000, { better: 'higher' }), fig('a new figure', 10)];
    const r = evaluateGate(base, now, { tolerance: 0.3 });
    expect(r.ok).toBe(true);
    expect(r.rows.find((x) => x.key === 'replay/a new figure')?.status).toBe('new');
    expect(r.rows.find((x) => x.key === 'replay/memory per instance')?.status).toBe('missing');
    // A suite that did not run misses nothing.
    const other = evaluateGate(base, [{ ...fig('x', 1), suite: 'indicators' }], { tolerance: 0.3 });
    expect(other.rows.some((x) => x.status === 'missing')).toBe(false);
  });
});

describe('ratios and margins', () => {
  it('measures change in the worse direction for both kinds of figure', () => {
    expect(worseBy(100, 125, 'lower')).toBeCloseTo(0.25, 12);
    expect(worseBy(100, 80, 'higher')).toBeCloseTo(0.25, 12);
    expect(worseBy(100, 80, 'lower')).toBeLessThan(0);
  });

  it('gives positive margins for headroom', () => {
    expect(floorMargin(6e6, 5e6, 'higher')).toBeCloseTo(0.2, 12);
    expect(floorMargin(25_000, 50_000, 'lower')).toBeCloseTo(1, 12);
  });
});

describe('keyedFigures', () => {
  const result = (loadAverage1m: number): SuiteResult =>
    ({
      suite: 'latency',
      machine: { loadAverage1m, cpuCount: 2 },
      figures: [{ name: 'x', value: 1, unit: 'ns', samples: 1, better: 'lower' }],
    }) as unknown as SuiteResult;

  it('marks the figures of a suite that started with more load than cores as busy, and only those', () => {
    expect(keyedFigures([result(3.1)])[0].busy).toBe('load average 3.1 on 2 cores');
    expect(keyedFigures([result(1.4)])[0].busy).toBeUndefined();
  });
});
