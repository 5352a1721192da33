import { describe, expect, it } from 'vitest';
import { cdnReferences, isInstalled, localSpecifier, parseNpmSpecifier, rewriteCdnImports, withoutNpmAlias } from './offline.ts';

const installed = (name: string) => ['@observablehq/plot', 'd3', 'apache-arrow', '@observablehq/inputs', 'htl'].includes(name);

describe('offline standard library', () => {
  it('maps jsDelivr module URLs of installed packages to bare imports, whatever the version pinned', () => {
    expect(localSpecifier('@observablehq/plot', '/+esm', installed)).toBe('@observablehq/plot');
    expect(localSpecifier('apache-arrow', '/+esm', installed), 'version ranges are dropped: the installed one is used').toBe('apache-arrow');
    expect(localSpecifier('d3', undefined, installed)).toBe('d3');
    expect(localSpecifier('leaflet', '/+esm', installed), 'not installed: stays on the CDN').toBeNull();
  });

  it('maps stylesheets only inside CSS, and never images or wasm', () => {
    expect(localSpecifier('@observablehq/inputs', '/dist/index.css', installed, true)).toBe('@observablehq/inputs/dist/index.css');
    expect(localSpecifier('@observablehq/inputs', '/dist/index.css', installed, false), 'a JS string may be an href, not an import').toBeNull();
    expect(localSpecifier('d3', '/dist/x.wasm', installed, true)).toBeNull();
  });

  it('rewrites the runtime code of Notebook Kit and reports what is left', () => {
    const code = [
      'export const Plot = () => import("https://cdn.jsdelivr.net/npm/@observablehq/plot/+esm");',
      'export const Arrow = () => import("https://cdn.jsdelivr.net/npm/apache-arrow@17.0.0/+esm");',
      'export const L = () => import("https://cdn.jsdelivr.net/npm/leaflet/+esm");',
    ].join('\n');
    const out = rewriteCdnImports(code, installed)!;
    expect(out).toContain('import("@observablehq/plot")');
    expect(out).toContain('import("apache-arrow")');
    expect(cdnReferences(out), 'only the library that is not installed still points at the CDN').toEqual(['https://cdn.jsdelivr.net/npm/leaflet/+esm']);
    expect(rewriteCdnImports('const x = 1;', installed), 'unchanged code is reported as such').toBeNull();
    const css = rewriteCdnImports('@import url("https://cdn.jsdelivr.net/npm/@observablehq/inputs/dist/index.css");', installed, true);
    expect(css).toBe('@import url("@observablehq/inputs/dist/index.css");');
  });

  it('parses npm: specifiers and finds installed packages from a folder below node_modules', () => {
    expect(parseNpmSpecifier('npm:@observablehq/plot@0.6/dist/x.js')).toEqual({ name: '@observablehq/plot', path: '/dist/x.js' });
    expect(parseNpmSpecifier('npm:d3')).toEqual({ name: 'd3', path: '' });
    expect(isInstalled('@observablehq/plot', 'notebooks/src')).toBe(true);
    expect(isInstalled('surely-not-a-package-here', 'notebooks/src')).toBe(false);
  });

  it("drops Notebook Kit's deprecated npm: alias and keeps the others", () => {
    const npm = { find: /^(npm:.*)$/, replacement: '$1' };
    const obs = { find: /^observable:(.*)$/, replacement: '/x/$1' };
    expect(withoutNpmAlias({ resolve: { alias: [npm, obs] } }).resolve.alias).toEqual([obs]);
  });
});
