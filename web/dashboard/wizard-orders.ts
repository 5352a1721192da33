/**
 * The wizard's blocks for the two order-model fields one input cannot edit: the trailing stop (`risk.trailingStop`,
 * one of the schema's variants: a percent, an amount, or an ATR indicator and a multiple) and the partial exits
 * (`risk.scaleOut`, rows of gain and fraction). The other order and margin fields (entry type and offset, TIF,
 * reverse, maxEntries, the stop-loss/take-profit bracket, instrument, leverage, funding.missing) are scalars the
 * form builds from the schema like any other field.
 */
import { el } from './dom.ts';
import { getPath, inputValue, resolveRef, scalarInput, setPath, showValue, type FieldInput, type SchemaNode } from './wizard-schema.ts';
import type { BlockHost, FormBlock } from './wizard-series.ts';

type Entry = Record<string, unknown>;

/** One labelled input for a variant's property, tagged with its key and kind for reading back. */
function propInput(schema: SchemaNode, key: string, node: SchemaNode | undefined, onInput: () => void): HTMLElement {
  const p = resolveRef(schema, node) ?? { type: 'string' };
  const input = scalarInput(`${key}`, p);
  input.setAttribute('data-param', key);
  input.setAttribute('data-type', p.enum ? 'enum' : p.type!);
  input.setAttribute('aria-label', key);
  if (p.description) input.title = p.description;
  input.addEventListener('input', onInput);
  input.addEventListener('change', onInput);
  return el('label', { class: 'param' }, [key, input]);
}

/** The inputs' values under their keys, leaving empty ones out. */
function readParams(box: HTMLElement): Entry {
  const out: Entry = {};
  for (const input of Array.from(box.querySelectorAll<FieldInput>('[data-param]'))) {
    const v = inputValue(input, input.getAttribute('data-type')!);
    if (v !== undefined) out[input.getAttribute('data-param')!] = v;
  }
  return out;
}

/** A block's frame; `marked` is the config path whose problems it shows (none when a row inside shows them). */
function fieldset(path: string, block: string, node: SchemaNode, children: HTMLElement[], marked?: string): HTMLFieldSetElement {
  return el('fieldset', { class: 'block', 'data-block': block, 'data-path': marked }, [el('legend', {}, [path]), el('p', { class: 'hint muted' }, [node.description ?? '']), ...children]);
}

/** `risk.trailingStop`: a kind picked from the schema's variants (named by their first required key), then that variant's inputs. */
export function trailingStopBlock(schema: SchemaNode, node: SchemaNode, host: BlockHost): FormBlock {
  const PATH = ['risk', 'trailingStop'];
  const variants = (node.anyOf ?? []).map((v) => resolveRef(schema, v)!).filter((v) => v?.properties && v.required?.length);
  const kindOf = (v: SchemaNode) => v.required![0];
  const kind = el('select', { name: 'trail-kind', 'aria-label': 'trailing stop kind' }, [el('option', { value: '' }, ['none']), ...variants.map((v) => el('option', { value: kindOf(v) }, [kindOf(v)]))]);
  const params = el('div', { class: 'params' });
  const row = el('div', { class: 'ind-row row', 'data-path': PATH.join('.') }, [el('div', { class: 'head' }, [kind]), params]);
  const write = () => {
    const v = kind.value ? readParams(params) : {};
    setPath(host.config(), PATH, Object.keys(v).length ? v : undefined);
    host.changed();
  };
  const showKind = (value: Entry) => {
    const v = variants.find((x) => kindOf(x) === kind.value);
    params.replaceChildren(...Object.entries(v?.properties ?? {}).map(([k, p]) => propInput(schema, k, p, write)));
    for (const input of Array.from(params.querySelectorAll<FieldInput>('[data-param]'))) showValue(input, value[input.getAttribute('data-param')!]);
  };
  kind.addEventListener('change', () => {
    showKind({});
    write();
  });
  const fill = () => {
    const value = (getPath(host.config(), PATH) ?? {}) as Entry;
    const v = variants.find((x) => x.required!.every((k) => k in value));
    kind.value = v ? kindOf(v) : '';
    showKind(value);
  };
  return { el: fieldset(PATH.join('.'), 'trailing-stop', node, [row]), fill };
}

/** `risk.scaleOut`: one row per step (its item schema's inputs, gain and fraction), written as an array in row order. */
export function scaleOutBlock(schema: SchemaNode, node: SchemaNode & { items?: SchemaNode }, host: BlockHost): FormBlock {
  const PATH = ['risk', 'scaleOut'];
  const item = resolveRef(schema, node.items);
  const list = el('div', { class: 'rows' });
  const rows = () => Array.from(list.querySelectorAll<HTMLElement>('.step-row'));
  const write = () => {
    const steps = rows().map(readParams).filter((s) => Object.keys(s).length > 0);
    setPath(host.config(), PATH, steps.length ? steps : undefined);
    rows().forEach((r, i) => r.setAttribute('data-path', `${PATH.join('.')}.${i}`));
    host.changed();
  };
  const addRow = (step: Entry) => {
    const params = el('div', { class: 'params' }, Object.entries(item?.properties ?? {}).map(([k, p]) => propInput(schema, k, p, write)));
    for (const input of Array.from(params.querySelectorAll<FieldInput>('[data-param]'))) showValue(input, step[input.getAttribute('data-param')!]);
    const row = el('div', { class: 'ind-row step-row row' }, [
      params,
      el('button', { type: 'button', class: 'remove', 'aria-label': 'remove step', title: 'remove', onclick: () => (row.remove(), write()) }, ['×']),
    ]);
    list.appendChild(row);
    return row;
  };
  const add = el('button', { type: 'button', class: 'add', 'data-add': 'scaleOut' }, ['+ step']);
  add.addEventListener('click', () => void addRow({}).querySelector<HTMLInputElement>('[data-param]')?.focus());
  const fill = () => {
    list.replaceChildren();
    const steps = getPath(host.config(), PATH);
    for (const s of Array.isArray(steps) ? (steps as Entry[]) : []) addRow(s ?? {});
    rows().forEach((r, i) => r.setAttribute('data-path', `${PATH.join('.')}.${i}`));
  };
  return { el: fieldset(PATH.join('.'), 'scale-out', node, [list, add], PATH.join('.')), fill };
}

/** The blocks the form puts in place of `risk.<key>`'s generic input, by key. */
export const RISK_BLOCKS: Record<string, (schema: SchemaNode, node: SchemaNode, host: BlockHost) => FormBlock> = {
  trailingStop: trailingStopBlock,
  scaleOut: scaleOutBlock,
};

