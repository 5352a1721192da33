/**
 * A small JSON Schema (2020-12) checker for the keywords the strategy config schema uses, so tests can
 * validate example files against the published schema without another dependency. It throws on any keyword it
 * does not know, so a schema growing past it fails loudly instead of passing vacuously.
 */
type Schema = Record<string, unknown> | boolean;

const KNOWN = new Set([
  '$schema', '$ref', '$defs', 'title', 'description', 'default', 'type', 'const', 'enum', 'properties', 'required',
  'additionalProperties', 'propertyNames', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum',
  'exclusiveMinimum', 'exclusiveMaximum', 'anyOf', 'oneOf', 'allOf', 'not', 'items', 'minItems', 'maxItems',
]);

function typeOk(type: string, v: unknown): boolean {
  switch (type) {
    case 'object':
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    case 'array':
      return Array.isArray(v);
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'null':
      return v === null;
    default:
      return typeof v === type;
  }
}

/** Every violation of `schema` by `value`, as `path: problem` strings (empty when valid). */
export function checkJsonSchema(root: Record<string, unknown>, value: unknown): string[] {
  const resolve = (ref: string): Schema => {
    if (!ref.startsWith('#/')) throw new Error(`unsupported $ref ${ref}`);
    return ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root) as Schema;
  };
  const check = (schema: Schema, v: unknown, path: string): string[] => {
    if (schema === true) return [];
    if (schema === false) return [`${path}: not allowed`];
    for (const k of Object.keys(schema)) if (!KNOWN.has(k)) throw new Error(`json-schema-check does not know the keyword "${k}" (at ${path})`);
    const out: string[] = [];
    const s = schema as Record<string, any>;
    if (s.$ref) out.push(...check(resolve(s.$ref), v, path));
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? s.type : [s.type];
      if (!types.some((t: string) => typeOk(t, v))) return [...out, `${path}: expected ${types.join('|')}`];
    }
    if ('const' in s && v !== s.const) out.push(`${path}: expected ${JSON.stringify(s.const)}`);
    if (s.enum && !s.enum.includes(v)) out.push(`${path}: not one of ${JSON.stringify(s.enum)}`);
    if (typeof v === 'string') {
      if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(v)) out.push(`${path}: does not match ${s.pattern}`);
      if (s.minLength !== undefined && [...v].length < s.minLength) out.push(`${path}: shorter than ${s.minLength}`);
      if (s.maxLength !== undefined && [...v].length > s.maxLength) out.push(`${path}: longer than ${s.maxLength}`);
    }
    if (typeof v === 'number') {
      if (s.minimum !== undefined && v < s.minimum) out.push(`${path}: below ${s.minimum}`);
      if (s.maximum !== undefined && v > s.maximum) out.push(`${path}: above ${s.maximum}`);
      if (s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum) out.push(`${path}: not above ${s.exclusiveMinimum}`);
      if (s.exclusiveMaximum !== undefined && v >= s.exclusiveMaximum) out.push(`${path}: not below ${s.exclusiveMaximum}`);
    }
    if (typeOk('object', v)) {
      const obj = v as Record<string, unknown>;
      for (const r of s.required ?? []) if (!(r in obj)) out.push(`${path}: missing "${r}"`);
      const props = (s.properties ?? {}) as Record<string, Schema>;
      for (const [k, x] of Object.entries(obj)) {
        if (s.propertyNames) out.push(...check(s.propertyNames, k, `${path}.${k} (name)`));
        if (k in props) out.push(...check(props[k], x, `${path}.${k}`));
        else if (s.additionalProperties !== undefined) out.push(...check(s.additionalProperties, x, `${path}.${k}`));
      }
    }
    if (Array.isArray(v) && s.items !== undefined) v.forEach((x, i) => out.push(...check(s.items, x, `${path}[${i}]`)));
    if (Array.isArray(v) && s.minItems !== undefined && v.length < s.minItems) out.push(`${path}: fewer than ${s.minItems} items`);
    if (Array.isArray(v) && s.maxItems !== undefined && v.length > s.maxItems) out.push(`${path}: more than ${s.maxItems} items`);
    if (s.allOf) for (const sub of s.allOf) out.push(...check(sub, v, path));
    if (s.anyOf && !s.anyOf.some((sub: Schema) => check(sub, v, path).length === 0)) out.push(`${path}: matches none of anyOf`);
    if (s.oneOf) {
      const n = s.oneOf.filter((sub: Schema) => check(sub, v, path).length === 0).length;
      if (n !== 1) out.push(`${path}: matches ${n} of oneOf (exactly 1 required)`);
    }
    if (s.not && check(s.not, v, path).length === 0) out.push(`${path}: matches "not"`);
    return out;
  };
  return check(root, value, '$');
}
