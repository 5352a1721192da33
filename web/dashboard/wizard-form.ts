/**
 * The wizard's form, built from the strategy config JSON Schema the server serves: one input per scalar field
 * (objects as fieldsets, two levels deep), the informative series and the indicators as row blocks, and the
 * rules' conditions as multi-line rule fields, the trailing stop and scale-out steps as blocks (wizard-orders.ts);
 * all kept in sync with `wizard.config`. Params, module and sizing are edited in the JSON editor only.
 */
import type { SeriesKey } from '../../engine/types.ts';
import { $, el } from './dom.ts';
import { writeJson } from './json-editor.ts';
import { indicatorsBlock } from './wizard-indicators.ts';
import { getPath, inputValue, isScalar, resolveRef, scalarInput, setPath, showValue, type Config, type FieldInput, type SchemaNode } from './wizard-schema.ts';
import { seriesBlock, type BlockHost, type FormBlock } from './wizard-series.ts';
import { RISK_BLOCKS } from './wizard-orders.ts';

/** What the wizard edits: a new strategy or a running one's config. */
export const wizard: { mode: 'create' | 'edit'; id: string | null; config: Config } = { mode: 'create', id: null, config: {} };

const FORM_SKIP = new Set(['$schema', 'params', 'module', 'sizing', 'bufferSize']);
/** Fields fixed once a strategy runs (the server refuses to change them). */
const LOCKED_WHEN_EDITING = /^(symbol|timeframe|capital|id|series)$/;

let blocks: FormBlock[] = [];
let refreshIndicatorSeries: () => void = () => undefined;

const host: BlockHost = {
  config: () => wizard.config,
  changed: () => {
    writeJson(wizard.config);
    refreshIndicatorSeries();
  },
};

function formChanged(ev: Event): void {
  const input = ev.target as HTMLInputElement;
  setPath(wizard.config, input.getAttribute('data-path')!.split('.'), inputValue(input, input.getAttribute('data-type')!));
  writeJson(wizard.config);
}

/** A rule condition: several lines of the rule language, monospaced so the server's caret lines up with it. */
function ruleInput(name: string, p: SchemaNode): HTMLTextAreaElement {
  return el('textarea', { name, rows: 2, spellcheck: 'false', class: 'rule', placeholder: 'e.g. close > highest(high, 20)[1] AND rsi < 70', title: p.description ?? '' });
}

/** Builds the form from the schema, with the live feed's symbols as suggestions. */
export function buildFields(schema: SchemaNode, series: readonly SeriesKey[]): void {
  const root = $('#wizard-fields');
  root.innerHTML = '';
  blocks = [];
  refreshIndicatorSeries = () => undefined;
  let grammar: string | null = null;
  const walk = (node: SchemaNode | undefined, path: string[], container: HTMLElement, depth: number) => {
    const props = resolveRef(schema, node)?.properties ?? {};
    for (const key of Object.keys(props)) {
      if (depth === 0 && FORM_SKIP.has(key)) continue;
      const p = resolveRef(schema, props[key]);
      const full = [...path, key];
      if (depth === 0 && key === 'series' && p) {
        const b = seriesBlock(schema, p, host);
        blocks.push(b);
        container.appendChild(b.el);
        continue;
      }
      if (depth === 0 && key === 'indicators' && p) {
        const b = indicatorsBlock(schema, p, host);
        blocks.push(b);
        refreshIndicatorSeries = b.refreshSeries;
        container.appendChild(b.el);
        continue;
      }
      // The trailing stop (a choice of shapes) and the scale-out steps (a list) get blocks of their own.
      if (depth === 1 && path[0] === 'risk' && RISK_BLOCKS[key] && p) {
        const b = RISK_BLOCKS[key](schema, props[key], host);
        blocks.push(b);
        container.appendChild(b.el);
        continue;
      }
      if (p?.type === 'object' && p.properties && depth < 2) {
        const fs = el('fieldset', {}, [el('legend', {}, [full.join('.')])]);
        walk(p, full, fs, depth + 1);
        if (fs.children.length > 1) container.appendChild(fs);
        continue;
      }
      if (!isScalar(p)) continue;
      const name = full.join('.');
      const rule = key === 'condition' && p.type === 'string';
      const input = rule ? ruleInput(name, p) : scalarInput(name, p);
      if (key === 'symbol') input.setAttribute('list', 'symbols');
      if (rule) grammar ??= p.description ?? null;
      input.setAttribute('data-path', name);
      input.setAttribute('data-type', p.enum ? 'enum' : p.type!);
      if (p.description && !rule) input.title = p.description;
      input.addEventListener('input', formChanged);
      input.addEventListener('change', formChanged);
      container.appendChild(el('label', { class: `field${rule ? ' rule-field' : ''}`, 'data-path': name }, [el('span', {}, [key]), input]));
    }
  };
  walk(schema, [], root, 0);
  // The grammar as the server describes it, once, under the rules.
  const rules = root.querySelector('.rule-field')?.closest('fieldset');
  if (grammar && rules) rules.parentElement!.appendChild(el('details', { class: 'grammar' }, [el('summary', {}, ['Rule language']), el('p', {}, [grammar])]));
  const list = el('datalist', { id: 'symbols' });
  for (const s of new Set(series.map((x) => x.symbol))) list.appendChild(el('option', { value: s }));
  root.appendChild(list);
}

/** Puts `wizard.config` into the form; the series, symbol, timeframe, capital and id are locked when editing a running strategy. */
export function fillForm(): void {
  document.querySelectorAll<FieldInput>('#wizard-fields [data-path]:is(input, select, textarea)').forEach((input) => {
    const path = input.getAttribute('data-path')!;
    const v = getPath(wizard.config, path.split('.'));
    // A value the input cannot show (a custom market calendar object) is edited in the JSON only.
    const structured = v !== null && typeof v === 'object';
    showValue(input, structured ? undefined : v);
    input.disabled = structured || (wizard.mode === 'edit' && LOCKED_WHEN_EDITING.test(path));
    if (structured) input.title = 'set in the JSON editor';
  });
  for (const b of blocks) b.fill();
  const lockSeries = wizard.mode === 'edit';
  document.querySelectorAll<HTMLInputElement | HTMLButtonElement>('#wizard-fields [data-block="series"] :is(input, button)').forEach((x) => (x.disabled = lockSeries));
}
