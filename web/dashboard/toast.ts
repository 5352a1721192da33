/** The status line beside the toolbar: a message that clears itself after five seconds. */
import { $ } from './dom.ts';

let timer: ReturnType<typeof setTimeout> | undefined;

export function toast(text: string, kind: 'ok' | 'error' | '' = ''): void {
  const t = $('#toast');
  t.textContent = text;
  t.className = `toast ${kind}`;
  clearTimeout(timer);
  timer = setTimeout(() => {
    t.textContent = '';
  }, 5000);
}
