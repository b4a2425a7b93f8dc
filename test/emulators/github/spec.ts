// GitHub's published OpenAPI description (@octokit/openapi): route lookup, response examples
// and dereferenced response schemas. The emulator takes its shapes from here.
import { createRequire } from 'node:module';

type Json = any; // the description is untyped JSON
const require = createRequire(import.meta.url);
let doc: Json | undefined;

export function openapi(): Json {
  return (doc ??= require('@octokit/openapi/generated/api.github.com.json'));
}

/** The operation for `method` on a path template such as `/repos/{owner}/{repo}`, if described. */
export function operation(method: string, template: string): Json | undefined {
  return openapi().paths[template]?.[method.toLowerCase()];
}

function pointer(ref: string): Json {
  let node = openapi();
  for (const part of ref.replace(/^#\//, '').split('/')) node = node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
  return node;
}

/** Copy of `node` with every $ref replaced by its target; a recursive ref becomes `{}` (any). */
export function deref(node: Json, seen: string[] = []): Json {
  if (Array.isArray(node)) return node.map((n) => deref(n, seen));
  if (node === null || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string') {
    if (seen.includes(node.$ref)) return {};
    return deref(pointer(node.$ref), [...seen, node.$ref]);
  }
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === 'example' || k === 'examples' ? v : deref(v, seen);
  return out;
}

function response(method: string, template: string, status: number): Json | undefined {
  const r = operation(method, template)?.responses?.[String(status)];
  return r ? deref(r) : undefined;
}

/** Dereferenced JSON schema of a documented response, or undefined. */
export function responseSchema(method: string, template: string, status: number): Json | undefined {
  return response(method, template, status)?.content?.['application/json']?.schema;
}

/** A deep copy of the first documented example of a response (`{}` when none). */
export function example(method: string, template: string, status: number): Json {
  const content = operation(method, template)?.responses?.[String(status)];
  const c = (content?.$ref ? pointer(content.$ref) : content)?.content?.['application/json'];
  let ex: Json = c?.example;
  if (ex === undefined && c?.examples) {
    const first: Json = Object.values(c.examples)[0];
    ex = first?.$ref ? pointer(first.$ref).value : first?.value;
  }
  return structuredClone(ex ?? {});
}

/** Example of a named component schema's example (`components/examples/<name>`). */
export function namedExample(name: string): Json {
  return structuredClone(pointer(`#/components/examples/${name}`).value);
}

/** Every (METHOD, template) pair the description has. */
export function hasRoute(method: string, template: string): boolean {
  return operation(method, template) !== undefined;
}
