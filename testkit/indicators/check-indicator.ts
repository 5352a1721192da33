/**
 * The checks every registry indicator's test runs, given its descriptor, one or more configs and an independent
 * batch reference (written from TA-Lib's C source or the cited definition, in fixtures/batch-*.ts):
 * - the shared contract suite (streaming = batch, replace, warm-up, reset, fast-check properties) on TA-Lib's
 *   reference series;
 * - warm-up: instance warmup - 1 = descriptor lookback = the batch's first valid index (TA-Lib's begIdx);
 * - streaming = batch to 1e-9 relative on real samples (ORCL daily 1995-2014, 13,681 BTC 1-minute bars with
 *   tiny prices and flat runs): 1e-9 relative to the value, and near zero 1e-11 of the scale the output is
 *   computed from (the larger of the field's and the prices' largest magnitude), since a difference of nearly
 *   equal averages carries the rounding of the averages, not of the difference (and TA-Lib's running sums, which
 *   the transcribed references keep, drift by ~1e-12 of the scale over 13,681 bars);
 * - TA-Lib's published regression values (src/tools/ta_regtest/ta_test_func/*.c) where given.
 */
import { describe, expect, it } from 'vitest';
import type { Candle } from '../../engine/types.ts';
import type { IndicatorDescriptor } from '../../engine/indicators/descriptor.ts';
import type { Indicator } from '../../engine/indicators/indicator.ts';
import { testIndicatorContract } from '../contracts/indicator-contract.ts';
import { NumberIndicator } from '../../engine/indicators/kit/streaming.ts';
import { sourcePicker } from '../../engine/indicators/source.ts';
import { perturbPrice, priceSeries } from './arbitraries.ts';
import { btcMinutes, orclDaily } from './samples.ts';
import { candleSeries, columns, numberColumns, perturbCandle, type Series } from './bars.ts';
import { expectPublished } from './published.ts';
import { talibCandles } from './talib-reference.ts';

/** One batch output: a number, named fields, or null while warming up. */
export type Row = number | Readonly<Record<string, number>> | null;

export interface PublishedRow {
  /** Raw config the row was published for (defaults filled in by parsing). */
  config: Record<string, unknown>;
  begIdx: number;
  outIdx: number;
  value: number;
  /** Output field of a multi-output indicator. */
  field?: string;
  tolerance?: number;
}

export interface CheckOptions<C> {
  configs: readonly Record<string, unknown>[];
  batch: (s: Series, config: C) => readonly Row[];
  /**
   * Reference for the random-series properties when `batch` transcribes a TA-Lib running sum: on adversarial
   * series (a 0.03 step, then changes of 1e-13) that sum's cancellation error is larger than the indicator's
   * own, so random series are checked against the definition computed directly, and real series against TA-Lib.
   */
  exactBatch?: (s: Series, config: C) => readonly Row[];
  published?: readonly PublishedRow[];
  /** Invariant of one ready output (e.g. bounds), for the property test. */
  invariant?: (out: unknown) => void;
  numRuns?: number;
}

const REAL: readonly [string, () => Candle[]][] = [
  ['ORCL daily', orclDaily],
  ['BTC 1m', btcMinutes],
];

const realCache = new Map<string, Candle[]>();
function real(name: string, load: () => Candle[]): Candle[] {
  let c = realCache.get(name);
  if (c === undefined) realCache.set(name, (c = load()));
  return c;
}

/** Output flattened in descriptor field order (null while warming up). */
function flat(out: unknown, fields: readonly string[]): number[] | null {
  if (out === null || out === undefined) return null;
  if (typeof out === 'number') return [out];
  const o = out as Record<string, number>;
  return fields.map((f) => o[f]);
}

/** Keeps a batch row's fields in the streaming result's order (the contract compares flattened values). */
function ordered(row: Row, fields: readonly string[]): Row {
  if (row === null || typeof row === 'number') return row;
  return Object.fromEntries(fields.map((f) => [f, row[f]]));
}

/** Streaming outputs of `config` over candles, flattened. */
export function streamCandles<C extends { readonly type: string }>(d: IndicatorDescriptor<string, C>, config: C, candles: readonly Candle[]): (number[] | null)[] {
  const ind = d.create(config);
  return candles.map((c) => flat(ind.updateBar(c), d.fields));
}

/** Asserts two flattened series are equal to 1e-9 relative (near zero: 1e-11 of the larger of the field's and `inputScale`). */
export function expectSeriesClose(actual: readonly (number[] | null)[], expected: readonly (number[] | null)[], label: string, inputScale = 0): void {
  expect(actual.length).toBe(expected.length);
  const width = expected.find((r) => r !== null)?.length ?? 0;
  const scale = new Array<number>(width).fill(inputScale);
  for (const r of expected) if (r) r.forEach((v, j) => (scale[j] = Math.max(scale[j], Math.abs(v))));
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (a === null || e === null) {
      if (a !== e) expect.fail(`${label}: output ${i} is ${JSON.stringify(a)}, reference ${JSON.stringify(e)}`);
      continue;
    }
    for (let j = 0; j < e.length; j++) {
      const tol: number = 1e-9 * Math.max(Math.abs(e[j]), 1e-2 * scale[j]);
      if (!(Math.abs(a[j] - e[j]) <= tol)) expect.fail(`${label}: output ${i}[${j}] streaming ${a[j]} vs reference ${e[j]} (tolerance ${tol})`);
    }
  }
}

/** Registers every check for one descriptor. */
export function checkIndicator<C extends { readonly type: string }>(d: IndicatorDescriptor<string, C>, options: CheckOptions<C>): void {
  const talib = talibCandles();
  for (const raw of options.configs) {
    const config = d.schema.parse({ type: d.type, ...raw });
    const label = `${d.type}(${Object.values(raw).join(', ')})`;
    const probe = d.create(config);
    const reference = (s: Series): Row[] => options.batch(s, config).map((r) => ordered(r, d.fields));
    const exact = options.exactBatch;
    const propertyReference = exact === undefined ? reference : (s: Series): Row[] => exact(s, config).map((r) => ordered(r, d.fields));
    if (probe instanceof NumberIndicator) {
      const pick = sourcePicker(probe.source);
      testIndicatorContract(label, () => d.create(config) as unknown as Indicator<number, unknown>, talib.map(pick), {
        batch: (xs) => propertyReference(numberColumns(xs)),
        perturb: perturbPrice,
        arbitrary: priceSeries(),
        invariant: options.invariant,
        numRuns: options.numRuns,
      });
    } else {
      testIndicatorContract(label, () => d.create(config) as unknown as Indicator<Candle, unknown>, talib, {
        batch: (cs) => propertyReference(columns(cs)),
        perturb: perturbCandle,
        arbitrary: candleSeries(),
        invariant: options.invariant,
        numRuns: options.numRuns,
      });
    }

    describe(`${label} equals its reference`, () => {
      const seriesOf = (candles: readonly Candle[]): Series =>
        probe instanceof NumberIndicator ? numberColumns(candles.map(sourcePicker(probe.source))) : columns(candles);

      it("warm-up: warmup - 1 = the descriptor's lookback = the reference's first valid index", () => {
        const expected = reference(seriesOf(talib));
        expect(probe.warmup - 1, 'warmup - 1 is the lookback').toBe(d.lookback(config));
        expect(expected.findIndex((r) => r !== null), "the reference's begIdx").toBe(d.lookback(config));
        expect(streamCandles(d, config, talib).findIndex((r) => r !== null), 'the first streaming output').toBe(d.lookback(config));
      });

      it.each(REAL.map(([n]) => n))('streaming = reference to 1e-9 on %s', (name) => {
        const candles = real(name, REAL.find(([n]) => n === name)![1]);
        const expected = reference(seriesOf(candles)).map((r) => flat(r, d.fields));
        const prices = candles.reduce((m, c) => Math.max(m, Math.abs(c.high)), 0);
        expectSeriesClose(streamCandles(d, config, candles), expected, `${label} on ${name}`, prices);
      });
    });
  }

  const published = options.published ?? [];
  if (published.length > 0) {
    describe(`${d.type} matches TA-Lib's published values (ta_regtest)`, () => {
      it.each(published.map((p) => [`${JSON.stringify(p.config)} out[${p.outIdx}]${p.field ? `.${p.field}` : ''} = ${p.value}`, p] as const))('%s', (_, p) => {
        const config = d.schema.parse({ type: d.type, ...p.config });
        const ind = d.create(config);
        const outs = talib.map((c) => {
          const v = ind.updateBar(c) as unknown;
          if (v === null) return null;
          return typeof v === 'number' ? v : (v as Record<string, number>)[p.field ?? d.fields[0]];
        });
        expectPublished(outs, { begIdx: p.begIdx, outIdx: p.outIdx, value: p.value, tolerance: p.tolerance }, `${d.type}`);
      });
    });
  }
}
