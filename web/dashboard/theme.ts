/** The dashboard's colours for canvas charts, read from the CSS variables (light or dark, as prefers-color-scheme picks). */

export interface Theme {
  fg: string;
  muted: string;
  line: string;
  grid: string;
  card: string;
  up: string;
  down: string;
  /** Volume bars: the up and down colours, faded. */
  upSoft: string;
  downSoft: string;
  accent: string;
}

/** Indicator line colours, distinct from up and down. */
export const LINE_COLORS = ['#4269d0', '#efb118', '#a463f2', '#ff8ab7', '#6cc5b0', '#9c6b4e', '#97bbf5'];

const cssVar = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

export function theme(): Theme {
  return {
    fg: cssVar('--fg'),
    muted: cssVar('--muted'),
    line: cssVar('--line'),
    grid: cssVar('--grid'),
    card: cssVar('--card'),
    up: cssVar('--up'),
    down: cssVar('--down'),
    upSoft: cssVar('--up-soft'),
    downSoft: cssVar('--down-soft'),
    accent: cssVar('--accent'),
  };
}

/** Calls `fn` when the colour scheme flips. */
export function onThemeChange(fn: () => void): void {
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', fn);
}
