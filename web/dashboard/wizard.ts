/**
 * "New strategy": the wizard started from one of the example configs (served by /api/v1/examples), with a
 * free id and name, on the live feed's first symbol; sent as POST /strategies/start.
 */
import type { Example } from '../api/schemas.ts';
import { api } from './api.ts';
import { $, el } from './dom.ts';
import { state } from './state.ts';
import { initWizardDialog, showConfig, showWizard } from './wizard-dialog.ts';

let examples: Promise<Example[]> | null = null;
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

/** Opens the wizard for a new strategy. */
export function openWizard(): Promise<void> {
  return showWizard({
    mode: 'create',
    id: null,
    title: 'New strategy',
    submitLabel: 'Start strategy',
    templates: true,
    config: chosenTemplate,
    send: (text) => api<{ id: string }>('POST', '/strategies/start', text),
    done: (id) => `started ${id}`,
  });
}

export function initWizard(): void {
  initWizardDialog();
  loadExamples().then(fillTemplates, () => undefined);
  templateSel().addEventListener('change', () => void chosenTemplate().then(showConfig));
  $('#new-strategy').addEventListener('click', () => void openWizard());
}
