/**
 * The wizard's informative series block: one row per alias (alias, symbol, timeframe), built from the schema's
 * `series` entry (its alias pattern, symbol grammar and timeframe pattern), written to `config.series` in row order.
 * An empty symbol means the strategy's own symbol (another timeframe of the same market).
 */
import { el } from './dom.ts';
import { resolveRef, type Config, type SchemaNode } from './wizard-schema.ts';

type SeriesBlock = Record<string, { symbol?: string; timeframe?: string }>;

export interface BlockHost {
  config: () => Config;
  /** After a change: show the JSON and refresh what depends on the block (the indicators' series choices). */
  changed: () => void;
}

/** A block of the form that edits a keyed object of the config (series, indicators). */
export interface FormBlock {
  el: HTMLElement;
  /** Redraws the rows from the config (after a template or a JSON edit). */
  fill: () => void;
}

const rows = (block: HTMLElement) => Array.from(block.querySelectorAll<HTMLElement>('.series-row'));

function readRows(block: HTMLElement): SeriesBlock | undefined {
  const out: SeriesBlock = {};
  for (const r of rows(block)) {
    const value = (n: string) => r.querySelector<HTMLInputElement>(`[name="${n}"]`)!.value.trim();
    const alias = value('series-alias');
    if (!alias) continue;
    const entry: { symbol?: string; timeframe?: string } = {};
    if (value('series-symbol')) entry.symbol = value('series-symbol');
    if (value('series-timeframe')) entry.timeframe = value('series-timeframe');
    out[alias] = entry;
  }
  return Object.keys(out).length ? out : undefined;
}

/** The block for the schema's `series` property (`node`), kept in `host.config().series`. */
export function seriesBlock(schema: SchemaNode, node: SchemaNode, host: BlockHost): FormBlock {
  const entry = resolveRef(schema, typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
  const symbol = resolveRef(schema, entry?.properties?.symbol);
  const timeframe = resolveRef(schema, entry?.properties?.timeframe);
  const list = el('div', { class: 'rows' });
  const block = el('fieldset', { class: 'block', 'data-block': 'series', 'data-path': 'series' }, [
    el('legend', {}, ['series (informative)']),
    el('p', { class: 'hint muted' }, [node.description ?? '']),
    list,
  ]);
  const write = () => {
    const cfg = host.config();
    const v = readRows(block);
    if (v) cfg.series = v;
    else delete cfg.series;
    host.changed();
  };
  const addRow = (alias: string, e: { symbol?: string; timeframe?: string }) => {
    const input = (name: string, value: string, p: SchemaNode | undefined, placeholder: string) => {
      const i = el('input', { type: 'text', name, value, placeholder, 'aria-label': name.replace('series-', 'series ') });
      if (p?.pattern) i.setAttribute('pattern', p.pattern);
      if (p?.description) i.title = p.description;
      i.addEventListener('input', write);
      return i;
    };
    const row = el('div', { class: 'series-row row', 'data-path': alias ? `series.${alias}` : 'series' }, [
      input('series-alias', alias, node.propertyNames, 'alias, e.g. h4'),
      input('series-symbol', e.symbol ?? '', symbol, 'own symbol'),
      input('series-timeframe', e.timeframe ?? '', timeframe, 'timeframe, e.g. 4h'),
      el('button', { type: 'button', class: 'remove', 'aria-label': 'remove series', title: 'remove', onclick: () => (row.remove(), write()) }, ['×']),
    ]);
    row.querySelector<HTMLInputElement>('[name="series-alias"]')!.addEventListener('input', (ev) => row.setAttribute('data-path', `series.${(ev.target as HTMLInputElement).value.trim()}`));
    list.appendChild(row);
    return row;
  };
  block.appendChild(addButton('series', '+ series', 's', host, (key) => addRow(key, {}).querySelector<HTMLInputElement>('[name="series-timeframe"]')!.focus(), write));
  const fill = () => {
    list.replaceChildren();
    for (const [alias, e] of Object.entries((host.config().series as SeriesBlock | undefined) ?? {})) addRow(alias, e ?? {});
  };
  return { el: block, fill };
}

/** A block's "+" button: a row under the first free key `prefix1`, `prefix2`, ... of `config[block]`. */
export function addButton(blockKey: string, label: string, prefix: string, host: BlockHost, addRow: (key: string) => void, write: () => void): HTMLButtonElement {
  const add = el('button', { type: 'button', class: 'add', 'data-add': blockKey }, [label]);
  add.addEventListener('click', () => {
    const current = host.config()[blockKey];
    const taken = new Set(current && typeof current === 'object' ? Object.keys(current) : []);
    let n = 1;
    while (taken.has(`${prefix}${n}`)) n++;
    addRow(`${prefix}${n}`);
    write();
  });
  return add;
}

/** The aliases the config declares, in order. */
export function declaredAliases(config: Config): string[] {
  const s = config.series;
  return s && typeof s === 'object' ? Object.keys(s) : [];
}
