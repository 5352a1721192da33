import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launch, SKIP_REASON } from './browser.ts';
import { overflowing } from './layout.ts';

describe.skipIf(!HAS_CHROMIUM)(`the overflow check${HAS_CHROMIUM ? '' : ` (${SKIP_REASON})`}`, () => {
  let browser: Browser;
  beforeAll(async () => void (browser = await launch()));
  afterAll(async () => browser?.close());

  it('reports content wider than a box that does not scroll, and accepts it inside a scroll box', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
    await page.setContent(
      `<div id="tight" style="width:300px"><table id="wide"><tr><td style="white-space:nowrap">${'x'.repeat(120)}</td></tr></table></div>` +
        `<div id="box" style="width:300px;overflow:auto"><table id="fine"><tr><td style="white-space:nowrap">${'y'.repeat(120)}</td></tr></table></div>`,
    );
    const found = await page.evaluate(overflowing);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^table#wide in div#tight: \d+ px$/);
    await page.close();
  });
});
