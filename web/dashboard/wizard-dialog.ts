/**
 * The wizard dialog shared by "new strategy" (wizard.ts) and "edit parameters" (param-edit.ts): it shows a
 * config in the form and the JSON editor, sends the editor's text with the opener's request, and lists the
 * server's validation problems with their fields marked.
 */
import type { StrategyConfig } from '../../engine/config/schema.ts';
import type { StrategySummary } from '../../engine/manager.ts';
import type { StrategyMetrics } from '../../engine/types.ts';
import { api, type ApiError } from './api.ts';
import { $, el } from './dom.ts';
import { initJsonEditor, jsonText, writeJson } from './json-editor.ts';
import { state, upsertDetail } from './state.ts';
import { toast } from './toast.ts';
import { buildFields, fillForm, wizard } from './wizard-form.ts';

export interface WizardOpening {
  mode: 'create' | 'edit';
  id: string | null;
  title: string;
  submitLabel: string;
  /** Whether the "start from" template picker shows. */
  templates: boolean;
  /** The config to show (a template's, or a copy of the running one). */
  config: () => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** Sends the JSON text; answers the strategy id. */
  send: (text: string) => Promise<{ id: string }>;
  /** The toast after success. */
  done: (id: string) => string;
}

let opening: WizardOpening | null = null;
let schema: Promise<Record<string, unknown>> | null = null;
const loadSchema = () => (schema ??= api<Record<string, unknown>>('GET', '/schema/strategy-config').catch((e) => ((schema = null), Promise.reject(e))));

/** Opens the dialog for `o`. */
export async function showWizard(o: WizardOpening): Promise<void> {
  try {
    const [s, config] = await Promise.all([loadSchema(), o.config()]);
    opening = o;
    buildFields(s, state.series);
    $('#wizard-errors').innerHTML = '';
    wizard.mode = o.mode;
    wizard.id = o.id;
    wizard.config = config;
    $('#wizard-title').textContent = o.title;
    $('#wizard-submit').textContent = o.submitLabel;
    $('#wizard-template').parentElement!.hidden = !o.templates;
    writeJson(wizard.config);
    fillForm();
    $<HTMLDialogElement>('#wizard').showModal();
  } catch (e) {
    toast(`cannot load the config schema: ${(e as Error).message}`, 'error');
  }
}

/** Replaces the shown config (another template picked). */
export function showConfig(config: Record<string, unknown>): void {
  wizard.config = config;
  writeJson(config);
  fillForm();
}

interface Problemish {
  message: string;
  problems?: ApiError['problems'];
}

/** The innermost form element a problem's path points into (`indicators.trend.series` marks the `trend` row). */
function fieldFor(path: string): HTMLElement | null {
  let best: HTMLElement | null = null;
  let len = -1;
  for (const f of Array.from(document.querySelectorAll<HTMLElement>('#wizard-fields :is(.field, .row, .block)[data-path]'))) {
    const dp = f.getAttribute('data-path')!;
    if ((path === dp || path.startsWith(`${dp}.`)) && dp.length > len) [best, len] = [f, dp.length];
  }
  return best;
}

function showProblems(err: Problemish): void {
  const ul = $('#wizard-errors');
  ul.innerHTML = '';
  document.querySelectorAll('#wizard-fields .invalid').forEach((f) => f.classList.remove('invalid'));
  document.querySelectorAll('#wizard-fields .field-msg').forEach((m) => m.remove());
  const listed = err.problems && err.problems.length ? err.problems : null;
  if (listed) ul.appendChild(el('li', { class: 'summary' }, [`${err.message}:`]));
  for (const p of listed ?? [{ path: '', message: err.message }]) {
    // A multi-line message (an expression with a caret under the error) keeps its lines and columns.
    const multi = p.message.includes('\n');
    ul.appendChild(el('li', {}, [p.path ? el('code', {}, [p.path]) : null, p.path && !multi ? ' ' : null, el(multi ? 'pre' : 'span', { class: 'msg' }, [p.message])]));
    const field = p.path ? fieldFor(p.path) : null;
    if (!field) continue;
    field.classList.add('invalid');
    // Beside the field too, where the user is typing: a rule's message with its caret under the column.
    field.appendChild(el(multi ? 'pre' : 'div', { class: 'field-msg', 'data-for': p.path }, [p.path === field.getAttribute('data-path') ? p.message : `${p.path}: ${p.message}`]));
  }
}

async function submit(ev: Event): Promise<void> {
  ev.preventDefault();
  const text = jsonText();
  try {
    JSON.parse(text);
  } catch (e) {
    showProblems({ message: `the JSON is not valid: ${(e as Error).message}` });
    return;
  }
  if (!opening) return;
  const btn = $<HTMLButtonElement>('#wizard-submit');
  btn.disabled = true;
  try {
    const r = await opening.send(text);
    $<HTMLDialogElement>('#wizard').close();
    toast(opening.done(r.id), 'ok');
    upsertDetail(await api<StrategySummary & { metrics: StrategyMetrics; config: StrategyConfig }>('GET', `/strategies/${encodeURIComponent(r.id)}`));
  } catch (e) {
    showProblems(e as Problemish);
  } finally {
    btn.disabled = false;
  }
}

export function initWizardDialog(): void {
  initJsonEditor((config) => {
    wizard.config = config;
    fillForm();
  });
  $('#wizard-cancel').addEventListener('click', () => $<HTMLDialogElement>('#wizard').close());
  $('#wizard-form').addEventListener('submit', (ev) => void submit(ev));
}
