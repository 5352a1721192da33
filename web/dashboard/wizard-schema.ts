/**
 * Reading the strategy config JSON Schema the server serves (GET /schema/strategy-config) and editing the
 * wizard's config by path. The wizard's inputs are built from this schema at run time, never from a copy, so a
 * field added on the server shows up without a dashboard change.
 */
import { el } from './dom.ts';

export type Config = Record<string, unknown>;
/** Any of the form's value inputs. */
export type FieldInput = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export interface SchemaNode {
  $ref?: string;
  type?: string;
  const?: unknown;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  propertyNames?: SchemaNode;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  examples?: unknown[];
  description?: string;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  $defs?: Record<string, SchemaNode>;
}

/** Follows `$ref`s; of an `anyOf` (a nullable field, or a name-or-object choice like `market`) takes the first non-null scalar-or-object branch. */
export function resolveRef(schema: SchemaNode, node: SchemaNode | undefined): SchemaNode | undefined {
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

/** Whether the form can edit `p` with one input. */
export const isScalar = (p: SchemaNode | undefined): p is SchemaNode => !!p && (p.type === 'string' || p.type === 'number' || p.type === 'integer' || p.type === 'boolean' || !!p.enum);

/** One input for a scalar schema node: a select for an enum (with the default named), else a typed input with the default as placeholder. */
export function scalarInput(name: string, p: SchemaNode): HTMLInputElement | HTMLSelectElement {
  if (p.enum) {
    const none = el('option', { value: '' }, [`(default${p.default !== undefined ? `: ${String(p.default)}` : ''})`]);
    return el('select', { name }, [none, ...p.enum.map((v) => el('option', { value: String(v) }, [String(v)]))]);
  }
  if (p.type === 'boolean') return el('input', { type: 'checkbox', name });
  if (p.type === 'string') {
    const input = el('input', { type: 'text', name, placeholder: p.default !== undefined ? String(p.default) : p.examples ? String(p.examples[0]) : '' });
    if (p.pattern) input.setAttribute('pattern', p.pattern);
    return input;
  }
  const input = el('input', { type: 'number', name, step: p.type === 'integer' ? '1' : 'any', placeholder: p.default !== undefined ? String(p.default) : '' });
  if (p.minimum !== undefined) input.min = String(p.minimum);
  if (p.maximum !== undefined) input.max = String(p.maximum);
  return input;
}

/** The value an input holds, typed by its schema kind; undefined when empty (the field is left out). */
export function inputValue(input: FieldInput, type: string): unknown {
  if (type === 'boolean') return (input as HTMLInputElement).checked ? true : undefined;
  if (input.value === '') return undefined;
  if (type === 'number' || type === 'integer') return Number(input.value);
  return input.value;
}

/** Shows a config value in an input. */
export function showValue(input: FieldInput, v: unknown): void {
  if (input instanceof HTMLInputElement && input.type === 'checkbox') input.checked = v === true;
  else input.value = v === undefined || v === null ? '' : String(v);
}
