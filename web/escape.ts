/** The HTML escape of every page Strata renders: server-side reports and the browser dashboard alike (no imports, so it bundles). */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML-escapes text for element content and attribute values. */
export function esc(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (ch) => ENTITIES[ch]);
}
