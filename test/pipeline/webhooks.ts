// Webhook payloads shaped like @octokit/webhooks-examples, adjusted to a test repository.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const all = require('@octokit/webhooks-examples') as { name: string; examples: Record<string, unknown>[] }[];

export function example(name: string, action?: string): Record<string, any> {
  const e = all.find((x) => x.name === name)?.examples.find((x) => action === undefined || x.action === action);
  if (!e) throw new Error(`no example for ${name}.${action}`);
  return structuredClone(e) as Record<string, any>;
}

export function pushPayload(o: { installationId: number; repoId: number; owner: string; name: string; before: string; after: string; ref?: string }) {
  const p = example('push');
  p.ref = o.ref ?? 'refs/heads/main';
  p.before = o.before;
  p.after = o.after;
  p.deleted = false;
  p.installation = { id: o.installationId, node_id: 'x' };
  p.repository = { ...p.repository, id: o.repoId, name: o.name, full_name: `${o.owner}/${o.name}`, owner: { ...p.repository.owner, login: o.owner, name: o.owner } };
  return p;
}
