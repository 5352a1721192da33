/** The wizard's JSON editor: every field of the config, including indicators, as text kept in sync with the form. */
import { $ } from './dom.ts';

const box = () => $<HTMLTextAreaElement>('#wizard-json');

/** Shows `config` in the editor, marked valid. */
export function writeJson(config: Record<string, unknown>): void {
  box().value = JSON.stringify(config, null, 2);
  box().classList.remove('bad');
  $('#wizard-json-state').textContent = '';
}

/** The editor's text as typed (sent as is, so the server's messages point into what the user wrote). */
export function jsonText(): string {
  return box().value;
}

/** Calls `onConfig` whenever the text parses to a JSON object; otherwise marks it and says why. */
export function initJsonEditor(onConfig: (config: Record<string, unknown>) => void): void {
  box().addEventListener('input', () => {
    const ta = box();
    try {
      const v: unknown = JSON.parse(ta.value);
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('a config is a JSON object');
      ta.classList.remove('bad');
      $('#wizard-json-state').textContent = '';
      onConfig(v as Record<string, unknown>);
    } catch (e) {
      ta.classList.add('bad');
      $('#wizard-json-state').textContent = `JSON: ${(e as Error).message}`;
    }
  });
}
