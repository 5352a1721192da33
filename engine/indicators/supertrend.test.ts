import { expect } from 'vitest';
import { supertrendDescriptor } from './supertrend.ts';
import { checkIndicator } from './fixtures/check-indicator.ts';
import { batchSuperTrend } from './fixtures/batch-extra.ts';

checkIndicator(supertrendDescriptor, {
  configs: [{}, { atrPeriod: 3, multiplier: 1 }],
  batch: (s, c) => batchSuperTrend(s, c.atrPeriod, c.multiplier),
  invariant: (out) => { expect(Math.abs((out as { direction: number }).direction)).toBe(1); },
});
