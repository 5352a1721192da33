import { readFileSync } from 'node:fs';

import { esc } from '../escape.ts';

export { esc };

const asset = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
/** The report stylesheet and script, inlined into every page so a saved report opens offline. */
export const REPORT_CSS = asset('report.css');
export const REPORT_JS = asset('report.js');

export interface PageOptions {
  title: string;
  body: string;
  /** Served by the web server (navigation links); false for a standalone file. */
  served: boolean;
}

/** A complete, self-contained HTML document: inline CSS and JS, no external URL. */
export function pageShell(p: PageOptions): string {
  const nav = p.served
    ? `<nav class="top"><a href="/">Dashboard</a><a href="/reports">Reports</a><a href="/bench">Benchmarks</a><a href="/api/v1/openapi.json">API</a></nav>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(p.title)}</title>
<link rel="icon" href="data:,">
<style>${REPORT_CSS}</style>
</head>
<body>
${nav}
<main>
${p.body}
</main>
<script>${REPORT_JS}</script>
</body>
</html>
`;
}
