import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Plugin } from 'vite';

/**
 * Notebook Kit loads its standard library (Plot, d3, Inputs, htl, the CSV parser, Arrow) from cdn.jsdelivr.net
 * and rewrites `npm:` imports to it. Strata's notebooks must build and open without internet, so this Vite
 * plugin rewrites every jsDelivr npm URL whose package is installed locally into a bare import of that package,
 * which Vite then bundles from node_modules. URLs of packages that are not installed (leaflet, mermaid, ...)
 * stay as they are; they are only fetched if a cell uses that library, and `cdnReferences` lists them.
 */

/** `https://cdn.jsdelivr.net/npm/<name>[@range][/path]` inside a string literal. */
const CDN_URL = /https:\/\/cdn\.jsdelivr\.net\/npm\/((?:@[\w.-]+\/)?[\w.-]+)(?:@[^/"'`\s]+)?(\/[^"'`\s)]*)?/g;

/** Whether `name` is installed in a node_modules folder at or above `root`. */
export function isInstalled(name: string, root: string): boolean {
  for (let dir = resolve(root); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules', name, 'package.json'))) return true;
    if (dirname(dir) === dir) return false;
  }
}

/**
 * The local specifier for a CDN package path, or null to leave it: `/+esm` (or no path) becomes the package
 * itself (a module import); with `files`, a file path (`/dist/index.css`, a stylesheet's `@import`) becomes the
 * same file of the installed package. Other files (images, wasm, stylesheets set as `href`) are left alone.
 */
export function localSpecifier(name: string, path: string | undefined, installed: (name: string) => boolean, files = false): string | null {
  if (!installed(name)) return null;
  if (path === undefined || path === '' || path === '/+esm') return name;
  if (path.endsWith('/+esm')) return `${name}${path.slice(0, -'/+esm'.length)}`;
  return files && /\.css$/.test(path) ? `${name}${path}` : null;
}

/** Rewrites the CDN URLs of installed packages in `code` (JavaScript, or CSS with `css`); null when nothing changed. */
export function rewriteCdnImports(code: string, installed: (name: string) => boolean, css = false): string | null {
  let changed = false;
  const out = code.replace(CDN_URL, (url, name: string, path: string | undefined) => {
    const local = localSpecifier(name, path, installed, css);
    if (local === null) return url;
    changed = true;
    return local;
  });
  return changed ? out : null;
}

/** The CDN URLs left in `code` (for the build's report: libraries that would need the network). */
export function cdnReferences(code: string): string[] {
  return [...new Set(Array.from(code.matchAll(CDN_URL), (m) => m[0]))];
}

function rewriter(root: string): (code: string, id: string) => { code: string; map: null } | null {
  const cache = new Map<string, boolean>();
  const installed = (name: string) => {
    let v = cache.get(name);
    if (v === undefined) cache.set(name, (v = isInstalled(name, root)));
    return v;
  };
  return (code, id) => {
    if (!code.includes('cdn.jsdelivr.net/npm/')) return null;
    const isKit = id.includes('/@observablehq/notebook-kit/');
    const isCell = id.includes('.html?html-proxy');
    if (!isKit && !isCell) return null;
    const out = rewriteCdnImports(code, installed, /\.css(\?|$)/.test(id));
    return out === null ? null : { code: out, map: null };
  };
}

/** `npm:name[@range][/path]` -> its parts. */
export function parseNpmSpecifier(spec: string): { name: string; path: string } {
  const parts = spec.slice('npm:'.length).split('/');
  const head = spec.startsWith('npm:@') ? `${parts.shift()}/${parts.shift()}` : parts.shift()!;
  const at = head.indexOf('@', 1);
  return { name: at > 0 ? head.slice(0, at) : head, path: parts.length ? `/${parts.join('/')}` : '' };
}

/**
 * The Vite plugin: runs before Vite's own transforms, on Notebook Kit's runtime and on the notebooks' cell code;
 * also resolves `npm:` imports in local modules (an installed package from node_modules, else jsDelivr, external).
 */
export function offlineStdlib(root: string): Plugin {
  const rewrite = rewriter(root);
  return {
    name: 'strata-offline-stdlib',
    enforce: 'pre',
    transform: (code, id) => rewrite(code, id),
    async resolveId(source, importer) {
      if (!source.startsWith('npm:')) return null;
      const { name, path } = parseNpmSpecifier(source);
      if (isInstalled(name, root)) return this.resolve(path && path !== '/+esm' ? `${name}${path}` : name, importer, { skipSelf: true });
      return { id: `https://cdn.jsdelivr.net/npm/${source.slice(4)}${path ? '' : '/+esm'}`, external: true };
    },
  };
}

/** Notebook Kit's Vite config without its `npm:` alias (deprecated `customResolver`; the plugin above resolves `npm:`). */
export function withoutNpmAlias<T extends { resolve?: { alias?: unknown } }>(config: T): T {
  const alias = config.resolve?.alias;
  if (!Array.isArray(alias)) return config;
  const kept = alias.filter((a: { find?: unknown }) => !(a.find instanceof RegExp && a.find.source.startsWith('^(npm:')));
  return { ...config, resolve: { ...config.resolve, alias: kept } };
}

/** The same rewrite for the dev server's dependency pre-bundling (which bundles Notebook Kit's runtime without Vite plugins). */
export function offlineStdlibOptimizer(root: string): { name: string; transform: (code: string, id: string) => { code: string; map: null } | null } {
  const rewrite = rewriter(root);
  return { name: 'strata-offline-stdlib-deps', transform: (code, id) => rewrite(code, id) };
}
