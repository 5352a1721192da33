/**
 * The wizard's indicators block: one row per named indicator with its type (every variant of the schema's
 * `$defs/indicator`, which the server generates from the indicator registry), the series it is computed on (the
 * primary or a declared alias) and one input per parameter of that type, its default as placeholder. Written to
 * `config.indicators` in row order; keys a row's type does not know are kept as they were, never dropped.
 */
import { el } from './dom.ts';
import { addButton, declaredAliases, type BlockHost, type FormBlock } from './wizard-series.ts';
import { inputValue, isScalar, resolveRef, scalarInput, showValue, type SchemaNode } from './wizard-schema.ts';

type Entry = Record<string, unknown>;
interface Variant {
  /** Canonical type name first, then its aliases (`bollinger`, `bb`). */
  names: string[];
  params: [string, SchemaNode][];
}

/** The indicator variants of the schema, by canonical type name, in the registry's order. */
export function indicatorVariants(schema: SchemaNode): Map<string, Variant> {
  const out = new Map<string, Variant>();
  for (const ref of schema.$defs?.indicator?.oneOf ?? []) {
    const v = resolveRef(schema, ref);
    const type = v?.properties?.type;
    if (!v || !type) continue;
    const names = (type.enum as string[] | undefined) ?? [String(type.const)];
    const params = Object.entries(v.properties ?? {})
      .filter(([k]) => k !== 'type' && k !== 'series')
      .map(([k, p]) => [k, resolveRef(schema, p)] as [string, SchemaNode | undefined])
      .filter((e): e is [string, SchemaNode] => isScalar(e[1]));
    out.set(names[0], { names, params });
  }
  return out;
}

const canonical = (variants: Map<string, Variant>, type: string) => [...variants.values()].find((v) => v.names.includes(type))?.names[0];

/** The block for the schema's `indicators` property (`node`), kept in `host.config().indicators`. */
export function indicatorsBlock(schema: SchemaNode, node: SchemaNode, host: BlockHost): FormBlock & { refreshSeries: () => void } {
  const variants = indicatorVariants(schema);
  const list = el('div', { class: 'rows' });
  const block = el('fieldset', { class: 'block', 'data-block': 'indicators', 'data-path': 'indicators' }, [el('legend', {}, ['indicators']), el('p', { class: 'hint muted' }, [node.description ?? '']), list]);
  /** Keys of each row's entry that its type has no input for (kept through edits). */
  const extras = new WeakMap<HTMLElement, Entry>();

  const write = () => {
    const out: Record<string, Entry> = {};
    for (const row of Array.from(list.querySelectorAll<HTMLElement>('.ind-row'))) {
      const name = row.querySelector<HTMLInputElement>('[name="ind-name"]')!.value.trim();
      if (!name) continue;
      const entry: Entry = { ...extras.get(row), type: row.querySelector<HTMLSelectElement>('[name="ind-type"]')!.value };
      for (const input of Array.from(row.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-param]'))) {
        const v = inputValue(input, input.getAttribute('data-type')!);
        if (v !== undefined) entry[input.getAttribute('data-param')!] = v;
      }
      const series = row.querySelector<HTMLSelectElement>('[name="ind-series"]')!.value;
      if (series) entry.series = series;
      out[name] = entry;
    }
    host.config().indicators = out;
    host.changed();
  };

  const seriesOptions = (sel: HTMLSelectElement, current: string) => {
    const aliases = declaredAliases(host.config());
    if (current && !aliases.includes(current)) aliases.push(current); // an undeclared alias stays visible (the server names it)
    sel.replaceChildren(el('option', { value: '' }, ['primary']), ...aliases.map((a) => el('option', { value: a }, [`@${a}`])));
    sel.value = current;
  };

  const paramInputs = (row: HTMLElement, type: string, entry: Entry) => {
    const box = row.querySelector<HTMLElement>('.params')!;
    const variant = variants.get(type);
    const known = new Set(variant?.params.map(([k]) => k) ?? []);
    extras.set(row, Object.fromEntries(Object.entries(entry).filter(([k]) => k !== 'type' && k !== 'series' && !known.has(k))));
    box.replaceChildren(
      ...(variant?.params ?? []).map(([key, p]) => {
        const input = scalarInput(`ind-${key}`, p);
        input.setAttribute('data-param', key);
        input.setAttribute('data-type', p.enum ? 'enum' : p.type!);
        if (p.description) input.title = p.description;
        showValue(input, entry[key]);
        input.addEventListener('input', write);
        input.addEventListener('change', write);
        return el('label', { class: 'param' }, [el('span', {}, [key]), input]);
      }),
    );
  };

  const addRow = (name: string, entry: Entry) => {
    const type = canonical(variants, String(entry.type ?? name)) ?? [...variants.keys()][0];
    const typeSel = el('select', { name: 'ind-type', 'aria-label': 'indicator type' }, [...variants.keys()].map((t) => el('option', { value: t }, [t])));
    typeSel.value = type;
    const seriesSel = el('select', { name: 'ind-series', 'aria-label': 'computed on series' });
    seriesOptions(seriesSel, typeof entry.series === 'string' ? entry.series : '');
    const nameInput = el('input', { type: 'text', name: 'ind-name', value: name, placeholder: 'name', 'aria-label': 'indicator name' });
    const row = el('div', { class: 'ind-row row', 'data-path': `indicators.${name}` }, [
      el('div', { class: 'head' }, [nameInput, typeSel, seriesSel, el('button', { type: 'button', class: 'remove', 'aria-label': 'remove indicator', title: 'remove', onclick: () => (row.remove(), write()) }, ['×'])]),
      el('div', { class: 'params' }),
    ]);
    paramInputs(row, type, entry);
    nameInput.addEventListener('input', () => (row.setAttribute('data-path', `indicators.${nameInput.value.trim()}`), write()));
    seriesSel.addEventListener('change', write);
    typeSel.addEventListener('change', () => {
      // Parameters the new type shares with the old one (period, source) keep their values.
      const kept: Entry = {};
      for (const input of Array.from(row.querySelectorAll<HTMLInputElement>('[data-param]'))) if (input.value !== '') kept[input.getAttribute('data-param')!] = inputValue(input, input.getAttribute('data-type')!);
      paramInputs(row, typeSel.value, kept);
      write();
    });
    list.appendChild(row);
    return row;
  };

  block.appendChild(addButton('indicators', '+ indicator', 'ind', host, (key) => addRow(key, { type: [...variants.keys()][0] }).querySelector<HTMLInputElement>('[name="ind-name"]')!.select(), write));

  return {
    el: block,
    fill: () => {
      list.replaceChildren();
      for (const [name, entry] of Object.entries((host.config().indicators as Record<string, Entry> | undefined) ?? {})) addRow(name, entry ?? {});
    },
    refreshSeries: () => {
      for (const sel of Array.from(list.querySelectorAll<HTMLSelectElement>('[name="ind-series"]'))) seriesOptions(sel, sel.value);
    },
  };
}
