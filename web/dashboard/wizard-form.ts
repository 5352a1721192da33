/**
 * The wizard's form, built from the strategy config JSON Schema: one input per scalar field (objects as
 * fieldsets, two levels deep), kept in sync with `wizard.config`. Indicators, params, module and sizing are
 * edited in the JSON editor only.
 */
import type { SeriesKey } from '../../engine/types.ts';
import { $, el } from './dom.ts';
import { writeJson } from './json-editor.ts';

type Config = Record<string, unknown>;
interface SchemaNode {
  $ref?: string;
  type?: string;
  anyOf?: SchemaNode[];
  properties?: Record<string, SchemaNode>;
  enum?: unknown[];
  default?: unknown;
  examples?: unknown[];
  description?: string;
  minimum?: number;
  maximum?: number;
  pattern?: string;
}

/** What the wizard edits: a new strategy or a running one's config. */
export const wizard: { mode: 'create' | 'edit'; id: string | null; config: Config } = { mode: 'create', id: null, config: {} };

const FORM_SKIP = new Set(['$schema', 'indicators', 'params', 'module', 'sizing', 'bufferSize']);


function resolveRef(schema: SchemaNode, node: SchemaNode | undefined): SchemaNode | undefined {
  let guard = 0;
  while (node?.$ref && guard++ < 10) {
    const path = node.$ref.replace(/^#\//, '').split('/');
    node = path.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], schema) as SchemaNode | undefined;
  }
  if (node?.anyOf && !node.type) {
    const obj = node.anyOf.find((a) => a.type && a.type !== 'null');
    if (obj) node = obj;
  }
  return node;
}

export function getPath(obj: unknown, path: string[]): unknown {
  return path.reduce<unknown>((o, k) => (o == null ? undefined : (o as Config)[k]), obj);
}

/** Sets (or with undefined, deletes) a nested value; objects emptied by clearing a field are dropped, so the JSON stays minimal. */
export function setPath(obj: Config, path: string[], value: unknown): void {
  const chain: Config[] = [obj];
  let o = obj;
  for (let i = 0; i < path.length - 1; i++) {
    if (typeof o[path[i]] !== 'object' || o[path[i]] === null) o[path[i]] = {};
    o = o[path[i]] as Config;
    chain.push(o);
  }
  if (value === undefined) delete o[path[path.length - 1]];
  else o[path[path.length - 1]] = value;
  for (let j = path.length - 1; j > 0; j--) {
    if (Object.keys(chain[j]).length > 0) break;
    delete chain[j - 1][path[j - 1]];
  }
}

function formChanged(ev: Event): void {
  const input = ev.target as HTMLInputElement;
  const path = input.getAttribute('data-path')!.split('.');
  const type = input.getAttribute('data-type');
  let value: unknown;
  if (type === 'boolean') value = input.checked ? true : undefined;
  else if (input.value === '') value = undefined;
  else if (type === 'number' || type === 'integer') value = Number(input.value);
  else value = input.value;
  setPath(wizard.config, path, value);
  writeJson(wizard.config);
}

function inputFor(key: string, name: string, p: SchemaNode): HTMLInputElement | HTMLSelectElement {
  if (p.enum) {
    const none = el('option', { value: '' }, [`(default${p.default !== undefined ? `: ${p.default}` : ''})`]);
    return el('select', { name }, [none, ...p.enum.map((v) => el('option', { value: String(v) }, [String(v)]))]);
  }
  if (p.type === 'boolean') return el('input', { type: 'checkbox', name });
  if (p.type === 'string') {
    const input = el('input', { type: 'text', name, placeholder: p.default !== undefined ? String(p.default) : p.examples ? String(p.examples[0]) : '' });
    if (key === 'symbol') input.setAttribute('list', 'symbols');
    // The symbol grammar's published pattern (engine/markets/symbol.ts) marks a mistyped symbol before it is sent.
    if (key === 'symbol' && p.pattern) input.setAttribute('pattern', p.pattern);
    return input;
  }
  const input = el('input', { type: 'number', name, step: p.type === 'integer' ? '1' : 'any', placeholder: p.default !== undefined ? String(p.default) : '' });
  if (p.minimum !== undefined) input.min = String(p.minimum);
  if (p.maximum !== undefined) input.max = String(p.maximum);
  return input;
}

/** Builds the form from the schema, with the live feed's symbols as suggestions. */
export function buildFields(schema: SchemaNode, series: readonly SeriesKey[]): void {
  const root = $('#wizard-fields');
  root.innerHTML = '';
  const walk = (node: SchemaNode | undefined, path: string[], container: HTMLElement, depth: number) => {
    const props = resolveRef(schema, node)?.properties ?? {};
    for (const key of Object.keys(props)) {
      if (depth === 0 && FORM_SKIP.has(key)) continue;
      const p = resolveRef(schema, props[key]);
      const full = [...path, key];
      if (p?.type === 'object' && p.properties && depth < 2) {
        const fs = el('fieldset', {}, [el('legend', {}, [full.join('.')])]);
        walk(p, full, fs, depth + 1);
        if (fs.children.length > 1) container.appendChild(fs);
        continue;
      }
      if (!p || (p.type !== 'string' && p.type !== 'number' && p.type !== 'integer' && p.type !== 'boolean' && !p.enum)) continue;
      const name = full.join('.');
      const input = inputFor(key, name, p);
      input.setAttribute('data-path', name);
      input.setAttribute('data-type', p.enum ? 'enum' : p.type!);
      if (p.description) input.title = p.description;
      input.addEventListener('input', formChanged);
      input.addEventListener('change', formChanged);
      container.appendChild(el('label', { class: 'field', 'data-path': name }, [el('span', {}, [key]), input]));
    }
  };
  walk(schema, [], root, 0);
  const list = el('datalist', { id: 'symbols' });
  for (const s of new Set(series.map((x) => x.symbol))) list.appendChild(el('option', { value: s }));
  root.appendChild(list);
}

/** Puts `wizard.config` into the form; symbol, timeframe, capital and id are locked when editing a running strategy. */
export function fillForm(): void {
  document.querySelectorAll<HTMLInputElement>('#wizard-fields [data-path]').forEach((input) => {
    if (input.tagName === 'LABEL') return;
    const v = getPath(wizard.config, input.getAttribute('data-path')!.split('.'));
    if (input.type === 'checkbox') input.checked = v === true;
    else input.value = v === undefined || v === null ? '' : String(v);
    input.disabled = wizard.mode === 'edit' && /^(symbol|timeframe|capital|id)$/.test(input.getAttribute('data-path')!);
  });
}
