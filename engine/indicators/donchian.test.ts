import { expect } from 'vitest';
import { donchianDescriptor } from './donchian.ts';
import { checkIndicator } from '../../testkit/indicators/check-indicator.ts';
import { batchDonchian } from '../../testkit/indicators/batch-extra.ts';

checkIndicator(donchianDescriptor, {
  configs: [{}, { timePeriod: 3 }],
  batch: (s, c) => batchDonchian(s, c.timePeriod),
  invariant: (out) => { const o = out as { upper: number; lower: number }; expect(o.upper).toBeGreaterThanOrEqual(o.lower); },
});
