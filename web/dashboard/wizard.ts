/**
 * The strategy wizard: a new strategy from one of the example configs (served by /api/v1/examples), or the
 * parameters of a running one (PATCH of its config). Form and JSON editor edit the same config; the server's
 * validation problems are listed and their fields marked.
 */
import type { StrategyConfig } from '../../engine/config/schema.ts';
import type { StrategySummary } from '../../engine/manager.ts';
import type { StrategyMetrics } from '../../engine/types.ts';
import type { Example } from '../api/schemas.ts';
import { api, type ApiError } from './api.ts';
import { $, el } from './dom.ts';
import { initJsonEditor, jsonText, writeJson } from './json-editor.ts';
import { state, upsertDetail } from './state.ts';
import { toast } from './toast.ts';
import { buildFields, fillForm, wizard } from './wizard-form.ts';

let schema: Promise<Record<string, unknown>> | null = null;
let examples: Promise<Example[]> | null = null;

const loadSchema = () => (schema ??= api<Record<string, unknown>>('GET', '/schema/strategy-config').catch((e) => ((schema = null), Promise.reject(e))));
const loadExamples = () => (examples ??= api<Example[]>('GET', '/examples').catch((e) => ((examples = null), Promise.reject(e))));
const templateSel = () => $<HTMLSelectElement>('#wizard-template');

/** An example as a new strategy: a free id and name from its title, on the live feed's first symbol. */
function templateConfig(ex: Example): Record<string, unknown> {
  const { id: _id, name: _name, symbol: _symbol, ...rest } = JSON.parse(JSON.stringify(ex.config)) as Record<string, unknown>;
  const symbol = state.series.length ? state.series[0].symbol : 'BTC/USDT';
  const base = ex.title.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
  let n = 1;
  while (state.strategies.has(`${base}_${n}`)) n++;
  return { id: `${base}_${n}`, name: `${ex.title} ${n}`, symbol, ...rest };
}

function fillTemplates(list: Example[]): void {
  const sel = templateSel();
  if (sel.options.length === list.length) return;
  sel.replaceChildren(...list.map((ex) => el('option', { value: ex.file }, [ex.title])));
}

async function chosenTemplate(): Promise<Record<string, unknown>> {
  const list = await loadExamples();
  fillTemplates(list);
  const ex = list.find((e) => e.file === templateSel().value) ?? list[0];
  return ex ? templateConfig(ex) : { symbol: state.series[0]?.symbol ?? 'BTC/USDT' };
}

interface Problemish {
  message: string;
  problems?: ApiError['problems'];
}

function showProblems(err: Problemish): void {
  const ul = $('#wizard-errors');
  ul.innerHTML = '';
  document.querySelectorAll('#wizard-fields .field.invalid').forEach((f) => f.classList.remove('invalid'));
  const listed = err.problems && err.problems.length ? err.problems : null;
  if (listed) ul.appendChild(el('li', { class: 'summary' }, [`${err.message}:`]));
  for (const p of listed ?? [{ path: '', message: err.message }]) {
    ul.appendChild(el('li', {}, [p.path ? el('code', {}, [p.path]) : null, (p.path ? ' ' : '') + p.message]));
    document.querySelector(`#wizard-fields .field[data-path="${CSS.escape(p.path)}"]`)?.classList.add('invalid');
  }
}

/** Opens the wizard: for a new strategy (null) or to edit the parameters of a running one. */
export async function openWizard(editId: string | null): Promise<void> {
  try {
    const [s] = await Promise.all([loadSchema(), editId ? null : chosenTemplate().then((c) => (wizard.config = c))]);
    buildFields(s, state.series);
    $('#wizard-errors').innerHTML = '';
    const title = $('#wizard-title');
    const submit = $('#wizard-submit');
    if (editId) {
      wizard.mode = 'edit';
      wizard.id = editId;
      wizard.config = JSON.parse(JSON.stringify(state.strategies.get(editId)?.config ?? {}));
      title.textContent = `Edit ${editId}`;
      submit.textContent = 'Apply changes';
      templateSel().parentElement!.hidden = true;
    } else {
      wizard.mode = 'create';
      wizard.id = null;
      title.textContent = 'New strategy';
      submit.textContent = 'Start strategy';
      templateSel().parentElement!.hidden = false;
    }
    writeJson(wizard.config);
    fillForm();
    $<HTMLDialogElement>('#wizard').showModal();
  } catch (e) {
    toast(`cannot load the config schema: ${(e as Error).message}`, 'error');
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
  const btn = $<HTMLButtonElement>('#wizard-submit');
  btn.disabled = true;
  try {
    const r = await (wizard.mode === 'edit' ? api<{ id: string }>('PATCH', `/strategies/${encodeURIComponent(wizard.id!)}/config`, text) : api<{ id: string }>('POST', '/strategies/start', text));
    $<HTMLDialogElement>('#wizard').close();
    toast(wizard.mode === 'edit' ? `updated ${r.id}` : `started ${r.id}`, 'ok');
    upsertDetail(await api<StrategySummary & { metrics: StrategyMetrics; config: StrategyConfig }>('GET', `/strategies/${encodeURIComponent(r.id)}`));
  } catch (e) {
    showProblems(e as Problemish);
  } finally {
    btn.disabled = false;
  }
}

export function initWizard(): void {
  initJsonEditor((config) => {
    wizard.config = config;
    fillForm();
  });
  loadExamples().then(fillTemplates, () => undefined);
  templateSel().addEventListener('change', () => {
    void chosenTemplate().then((c) => {
      wizard.config = c;
      writeJson(c);
      fillForm();
    });
  });
  $('#new-strategy').addEventListener('click', () => void openWizard(null));
  $('#wizard-cancel').addEventListener('click', () => $<HTMLDialogElement>('#wizard').close());
  $('#wizard-form').addEventListener('submit', (ev) => void submit(ev));
}
