// Response bodies shaped by the OpenAPI description: the documented example (or a value
// synthesised from the schema) overlaid with the emulator's own fields.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { deref, example, openapi, responseSchema } from './spec.ts';

type Json = any;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep merge: `over` wins; plain objects merge, arrays and scalars replace. */
export function merge(base: Json, over: Json): Json {
  if (!isObj(base) || !isObj(over)) return over === undefined ? base : over;
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) if (v !== undefined) out[k] = merge(base[k], v);
  return out;
}

/** A value valid for `schema` (deref'd): documented examples first, then type defaults. */
export function synth(schema: Json, depth = 0): Json {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema) || depth > 8) return null;
  if (schema.example !== undefined) return structuredClone(schema.example);
  if (schema.enum) return schema.enum[0];
  if (schema.allOf) return (schema.allOf as Json[]).reduce((acc, s) => merge(acc, synth(s, depth + 1)), {});
  if (schema.oneOf || schema.anyOf) return synth((schema.oneOf ?? schema.anyOf)[0], depth + 1);
  if (schema.nullable) return null;
  switch (schema.type) {
    case 'object': {
      const out: Json = {};
      for (const k of (schema.required as string[] | undefined) ?? []) out[k] = synth(schema.properties?.[k] ?? {}, depth + 1);
      return out;
    }
    case 'array': return [];
    case 'integer': case 'number': return 0;
    case 'boolean': return false;
    case 'string':
      return schema.format === 'date-time' ? '2026-01-01T00:00:00Z' : schema.format === 'uri' ? 'https://api.github.com/' : '';
    default: return null;
  }
}

const componentCache = new Map<string, Json>();
/** A component schema (`components/schemas/<name>`) instance overlaid with `fields`. */
export function component(name: string, fields: Json, base: string): Json {
  let proto = componentCache.get(name);
  if (proto === undefined) {
    const schema = openapi().components.schemas[name];
    if (!schema) throw new Error(`no component schema ${name}`);
    proto = synth(deref(schema));
    componentCache.set(name, proto);
  }
  return merge(rebase(structuredClone(proto), base), fields);
}

/** Point example URLs at the emulator. */
export function rebase(v: Json, base: string): Json {
  if (typeof v === 'string') return v.replace(/^https:\/\/(api\.)?github\.com/, base);
  if (Array.isArray(v)) return v.map((x) => rebase(x, base));
  if (isObj(v)) { const o: Json = {}; for (const [k, x] of Object.entries(v)) o[k] = rebase(x, base); return o; }
  return v;
}

/** Body for a documented response: its example (or synthesised schema value) plus `fields`. */
export function shaped(method: string, template: string, status: number, fields: Json, base: string): Json {
  let proto = example(method, template, status);
  if (isObj(proto) && Object.keys(proto).length === 0) {
    const s = responseSchema(method, template, status);
    if (s) proto = synth(s) ?? {};
  }
  if (Array.isArray(proto)) return fields;
  return merge(rebase(proto, base), fields);
}

/** OpenAPI 3.0 `nullable` without `type` (on allOf/anyOf/$ref'd schemas) as JSON Schema. */
function nullable(node: Json): Json {
  if (Array.isArray(node)) return node.map(nullable);
  if (!isObj(node)) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === 'example' || k === 'examples' ? v : nullable(v);
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (out.nullable === true && out.type === undefined) {
    delete out.nullable;
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction | null>();

/** Errors of `body` against the documented response schema; null when none is documented. */
export function validateResponse(method: string, template: string, status: number, body: Json): string[] | null {
  const key = `${method} ${template} ${status}`;
  let v = validators.get(key);
  if (v === undefined) {
    const schema = responseSchema(method, template, status);
    if (!ajv) { ajv = new Ajv({ strict: false, allErrors: true, discriminator: false }); addFormats(ajv); }
    try { v = schema ? ajv.compile(nullable(schema)) : null; } catch (err) { return [`schema did not compile: ${(err as Error).message}`]; }
    validators.set(key, v);
  }
  if (!v) return null;
  return v(body) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
