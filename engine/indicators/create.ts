import type { IndicatorConfig } from './config.ts';
import type { CandleIndicator } from './indicator.ts';
import { descriptorOf } from './registry.ts';

/** Every indicator `createIndicator` can return: fed candles by the manager, read through getters. */
export type AnyIndicator = CandleIndicator<unknown, unknown>;

/** Builds the indicator a parsed config describes (constructors re-validate, so hand-built configs are safe too). */
export function createIndicator(config: IndicatorConfig): AnyIndicator {
  return descriptorOf(config.type).create(config);
}
