// Webhook deliveries shaped like @octokit/webhooks-examples, signed like GitHub.
import { createHmac, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { GithubEmulator } from './index.ts';
import { repository, simpleUser } from './objects.ts';
import { merge } from './shape.ts';

const require = createRequire(import.meta.url);
type Example = { name: string; examples: Array<Record<string, any>> };
let examples: Example[] | undefined;

export interface WebhookOptions {
  /** HMAC secret (default: the installation's app's webhook secret, if `installationId` is given). */
  secret?: string;
  /** Pick the example whose `action` equals this. */
  action?: string;
  /** Full name of an emulator repository to put in `repository`. */
  repository?: string;
  installationId?: number;
  /** Deep-merged over the example last. */
  payload?: Record<string, unknown>;
  /** Override the delivery id (redelivery keeps the id). */
  deliveryId?: string;
  /** Send this signature header instead of the right one (tests of rejection); null omits it. */
  signature?: string | null;
}

/** The example payload for an event (and action), deep-copied. */
export function examplePayload(event: string, action?: string): Record<string, any> {
  examples ??= require('@octokit/webhooks-examples') as Example[];
  const list = examples.find((e) => e.name === event)?.examples ?? [];
  const ex = action ? list.find((p) => p.action === action) : list[0];
  if (!ex) throw new Error(`no webhook example for ${event}${action ? `.${action}` : ''}`);
  return structuredClone(ex);
}

export function sign(body: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export async function sendWebhook(emu: GithubEmulator, target: string, event: string, o: WebhookOptions): Promise<{ status: number; body: string; deliveryId: string; payload: Record<string, any> }> {
  let payload = examplePayload(event, o.action);
  const inst = o.installationId !== undefined ? emu.state.installations.get(o.installationId) : undefined;
  if (o.installationId !== undefined && !inst) throw new Error(`no installation ${o.installationId}`);
  const repo = o.repository ? emu.state.repos.get(o.repository) : undefined;
  if (o.repository && !repo) throw new Error(`no repository ${o.repository}`);
  if (repo) {
    payload.repository = merge(payload.repository ?? {}, repository(emu.state, repo, emu.url));
    payload.sender = merge(payload.sender ?? {}, simpleUser(emu.state, repo.owner, emu.url));
  }
  if (inst) payload.installation = { id: inst.id, node_id: Buffer.from(`0:Installation${inst.id}`).toString('base64') };
  if (o.payload) payload = merge(payload, o.payload);
  const secret = o.secret ?? (inst ? emu.state.apps.get(inst.appId)?.webhookSecret : undefined);
  if (!secret) throw new Error('webhook secret required');
  const body = JSON.stringify(payload);
  const deliveryId = o.deliveryId ?? randomUUID();
  const headers: Record<string, string> = {
    'content-type': 'application/json', 'user-agent': 'GitHub-Hookshot/emulator', 'x-github-event': event, 'x-github-delivery': deliveryId,
    'x-github-hook-id': '1', 'x-github-hook-installation-target-type': inst ? 'integration' : 'repository',
  };
  if (inst) headers['x-github-hook-installation-target-id'] = String(inst.appId);
  const sig = o.signature === undefined ? sign(body, secret) : o.signature;
  if (sig !== null) headers['x-hub-signature-256'] = sig;
  const res = await fetch(target, { method: 'POST', headers, body });
  return { status: res.status, body: await res.text(), deliveryId, payload };
}
