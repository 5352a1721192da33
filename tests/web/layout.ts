/**
 * Runs in the page: every visible element that spills out of a parent which does not clip or scroll it, as
 * "selector: how far", so a layout test can assert the list is empty. Content inside a scroll box (a table in
 * its `.tablewrap`) may be wider than the box; the box itself must fit. SVG and canvas internals are left out.
 */
export function overflowing(): string[] {
  const out: string[] = [];
  const name = (e: Element) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${typeof e.className === 'string' && e.className ? `.${e.className.trim().split(/\s+/).join('.')}` : ''}`;
  const all = document.querySelectorAll('body *');
  for (const e of Array.from(all)) {
    const parent = e.parentElement;
    if (!parent || e.closest('svg') || e.closest('.chart') !== null && e.closest('.chart') !== e) continue;
    const style = getComputedStyle(e);
    if (style.display === 'none' || style.visibility === 'hidden' || style.position === 'fixed') continue;
    const r = e.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    // find the nearest ancestor that clips or scrolls; only those may hold wider content
    let box: Element | null = parent;
    while (box && getComputedStyle(box).overflowX === 'visible' && box !== document.body) box = box.parentElement;
    const p = parent.getBoundingClientRect();
    const clipper = box && box !== document.body && getComputedStyle(box).overflowX !== 'visible';
    if (clipper && box !== parent) continue; // inside a scroll box further up: judged against that box
    if (clipper) continue; // its parent clips or scrolls it
    const over = Math.max(r.right - p.right, p.left - r.left);
    if (over > 1) out.push(`${name(e)} in ${name(parent)}: ${over.toFixed(0)} px`);
  }
  return out;
}

/**
 * Runs in the page: every visible element with its own text whose colour against its effective background (the
 * nearest ancestor's opaque background, translucent ones blended over it) has a WCAG contrast ratio under `min`,
 * as "selector: ratio (colour on background)". Disabled controls and chart internals are left out.
 */
export function lowContrast(min: number): string[] {
  type Rgba = [number, number, number, number];
  const parse = (c: string): Rgba => {
    const m = /rgba?\(([^)]+)\)/.exec(c);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top: Rgba, under: Rgba): Rgba => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat(1) as Rgba;
  const background = (e: Element | null): Rgba => {
    const layers: Rgba[] = [];
    for (let n = e; n; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let out: Rgba = [255, 255, 255, 1];
    for (const l of layers.reverse()) out = over(l, out);
    return out;
  };
  const lum = (c: Rgba) => {
    const ch = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
  };
  const name = (e: Element) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${typeof e.className === 'string' && e.className ? `.${e.className.trim().split(/\s+/).join('.')}` : ''}`;
  const out: string[] = [];
  for (const e of Array.from(document.querySelectorAll('body *'))) {
    if (e.closest('svg, .chart, :disabled, [hidden], dialog:not([open])')) continue;
    const ownText = Array.from(e.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
    if (!ownText) continue;
    const style = getComputedStyle(e);
    const r = e.getBoundingClientRect();
    if (style.visibility === 'hidden' || style.display === 'none' || r.width === 0 || r.height === 0) continue;
    const bg = background(e);
    const fg = over(parse(style.color), bg);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    if (ratio < min) out.push(`${name(e)}: ${ratio.toFixed(2)} (${style.color} on rgb(${bg.slice(0, 3).map(Math.round).join(', ')}))`);
  }
  return out;
}
