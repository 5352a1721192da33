/** Parameter schemas shared by indicator descriptors (TA-Lib's ranges: periods 1..100000 or 2..100000). */
import * as z from 'zod';
import { PRICE_SOURCES } from '../source.ts';
import { MA_TYPES } from './averages.ts';

/** Largest accepted period (TA-Lib's own limit). */
export const MAX_PERIOD = 100_000;

/** An integer period in [min, 100000] with TA-Lib's default. */
export function period(defaultValue: number, min = 2) {
  return z.number().int().min(min).max(MAX_PERIOD).default(defaultValue);
}

/** A required integer period (no TA-Lib default the user would expect). */
export function requiredPeriod(min = 1) {
  return z.number().int().min(min).max(MAX_PERIOD);
}

/** Candle field of a single-input indicator (TA-Lib's inReal). */
export function source(defaultValue: (typeof PRICE_SOURCES)[number] = 'close') {
  return z.enum(PRICE_SOURCES).default(defaultValue);
}

/** Alias of an informative series the config declares (checked against the `series` block when the config is parsed). */
export function seriesAlias() {
  return z.string().min(1).max(40).optional();
}

/** A TA-Lib MA type (TA_MAType_SMA ... TA_MAType_TRIMA), lower case. */
export function maType(defaultValue: (typeof MA_TYPES)[number] = 'sma') {
  return z.enum(MA_TYPES).default(defaultValue);
}

/** A finite real in [min, max] with a default. */
export function real(defaultValue: number, min: number, max: number) {
  return z.number().min(min).max(max).default(defaultValue);
}
