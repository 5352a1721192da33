import { mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDashboard, dashboardStale } from './build-dashboard.ts';

const dir = mkdtempSync(join(tmpdir(), 'strata-dashboard-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the dashboard bundle', () => {
  it('is one classic script with every panel, built only when missing or older than its sources', async () => {
    const out = join(dir, 'dashboard.js');
    expect(dashboardStale(out), 'missing').toBe(true);
    await buildDashboard(out);
    const js = readFileSync(out, 'utf8');
    expect(js.trimStart().startsWith('"use strict";\n(() => {') || js.trimStart().startsWith('(() => {'), 'an IIFE, loadable by a plain <script>').toBe(true);
    expect(js).not.toMatch(/^\s*(import|export)\s/m);
    for (const id of ['#versions-dialog', '#health-table tbody', '#wizard-json', '#chart-series', '#compare tbody', '#risk']) expect(js, `the panel behind ${id}`).toContain(id);
    expect(js, 'types only: no zod or engine code in the browser').not.toMatch(/ZodType|class StrategyManager/);
    expect(dashboardStale(out), 'fresh').toBe(false);
    const later = new Date(Date.now() + 60_000);
    // Older than any source (a checkout's files may be hours old, so "an hour ago" is not older than them).
    const past = new Date(Date.UTC(2000, 0, 1));
    utimesSync(out, past, past);
    expect(dashboardStale(out), 'older than its sources').toBe(true);
    utimesSync(out, later, later);
    expect(dashboardStale(out)).toBe(false);
  });
});
