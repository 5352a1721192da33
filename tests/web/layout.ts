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
