import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

/**
 * Observable Plot rendered on the server: Plot builds its SVG in a linkedom document, we serialise it.
 * Coordinates are rounded to 0.1 px (invisible at any zoom a report is read at, and it halves the size).
 */

const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');

/** Observable's categorical palette, then darker variants, so 20 strategies stay tellable apart. */
export const PALETTE = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951', '#ff8ab7', '#a463f2', '#97bbf5', '#9c6b4e', '#9498a0', '#1f3f8a', '#a8780b', '#c23a22', '#2e8b76', '#246b2f', '#c2457e', '#6b2fb3', '#4f78c9', '#5e3b25', '#5c6068'];

export const colorOf = (i: number) => PALETTE[i % PALETTE.length];

/** One `<title>` per mark group carrying `className`: a native tooltip for a whole line. */
export interface GroupTitle {
  className: string;
  title: string;
}

const GEOMETRY = / (d|transform|points|x|y|x1|x2|y1|y2|cx|cy|width|height)="([^"]*)"/g;
const LONG_DECIMAL = /(-?\d+\.\d)\d+/g;

function compact(svg: string): string {
  return svg.replace(GEOMETRY, (_m, name: string, value: string) => ` ${name}="${value.replace(LONG_DECIMAL, '$1')}"`);
}

/** Renders a Plot spec to an SVG (or figure) string. */
export function plotToString(options: Plot.PlotOptions, titles: readonly GroupTitle[] = []): string {
  const el = Plot.plot({ ...options, document: document as unknown as Document }) as unknown as Element;
  for (const t of titles) {
    el.querySelectorAll(`g.${t.className}`).forEach((g) => {
      const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
      title.textContent = t.title;
      g.insertBefore(title, g.firstChild);
    });
  }
  return compact(el.outerHTML);
}
