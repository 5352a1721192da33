import { esc } from './html.ts';

let seq = 0;

/**
 * A colour-scale legend as SVG (Observable Plot's ramp legend draws on a canvas, which the server has not): a
 * gradient through `colors` over `domain` (low to high) with the ends and any middle ticks labelled.
 */
export function rampLegend(label: string, colors: readonly string[], domain: readonly number[], format: (v: number) => string, width = 320): string {
  const id = `ramp${++seq}`;
  const [lo, hi] = [domain[0], domain[domain.length - 1]];
  const pad = 28; // room for the end labels
  const x = (v: number) => pad + ((v - lo) / (hi - lo || 1)) * (width - 2 * pad);
  const stops = colors.map((c, i) => `<stop offset="${((i / Math.max(1, colors.length - 1)) * 100).toFixed(1)}%" stop-color="${esc(c)}"/>`).join('');
  const ticks = domain.map((v) => `<line x1="${x(v).toFixed(1)}" x2="${x(v).toFixed(1)}" y1="18" y2="32" stroke="currentColor"/><text x="${x(v).toFixed(1)}" y="44" text-anchor="middle">${esc(format(v))}</text>`).join('');
  return (
    `<svg class="legend-ramp" role="img" aria-label="${esc(label)} colour scale" width="${width}" height="50" viewBox="0 0 ${width} 50" font-size="11" fill="currentColor">` +
    `<defs><linearGradient id="${id}">${stops}</linearGradient></defs><text x="${pad}" y="12">${esc(label)}</text><rect x="${pad}" y="18" width="${width - 2 * pad}" height="10" fill="url(#${id})"/>${ticks}</svg>`
  );
}
