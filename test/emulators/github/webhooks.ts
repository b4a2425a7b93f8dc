// Webhook deliveries shaped like @octokit/webhooks-examples, signed like GitHub.
import { createHmac, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { GithubEmulator } from './index.ts';
import { repository, simpleUser } from './objects.ts';
import { merge } from './shape.ts';
import { git, readCommit } from './git.ts';
import type { Repo } from './state.ts';

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
  /** For `push`: build ref/before/after/commits/head_commit from the real repository history. */
  push?: { ref?: string; before?: string; after: string };
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

const ZERO = '0'.repeat(40);

/** ref, before, after, commits (oldest first, at most 20 like GitHub), head_commit, compare. */
async function pushFields(emu: GithubEmulator, repo: Repo, p: { ref?: string; before?: string; after: string }): Promise<Record<string, unknown>> {
  const before = p.before ?? ZERO;
  const range = before === ZERO ? [p.after] : [p.after, `^${before}`];
  const shas = (await git(repo.dir, ['rev-list', '--reverse', ...range])).split('\n').filter(Boolean);
  const commits = [];
  for (const sha of shas.slice(-20)) {
    const c = (await readCommit(repo.dir, sha))!;
    const added: string[] = []; const removed: string[] = []; const modified: string[] = [];
    const diff = await git(repo.dir, ['diff-tree', '--no-commit-id', '--name-status', '-r', '--root', '-z', sha]);
    const parts = diff.split('\0').filter(Boolean);
    for (let i = 0; i + 1 < parts.length; i += 2) (parts[i] === 'A' ? added : parts[i] === 'D' ? removed : modified).push(parts[i + 1]!);
    const who = (x: { name: string; email: string }) => ({ name: x.name, email: x.email, username: x.name });
    commits.push({ id: sha, tree_id: c.tree, distinct: true, message: c.message.replace(/\n$/, ''), timestamp: c.committer.date,
      url: `${emu.url}/${repo.fullName}/commit/${sha}`, author: who(c.author), committer: who(c.committer), added, removed, modified });
  }
  return {
    ref: p.ref ?? `refs/heads/${repo.defaultBranch}`, before, after: p.after, created: before === ZERO, deleted: false, forced: false,
    commits, head_commit: commits.at(-1) ?? null, compare: `${emu.url}/${repo.fullName}/compare/${before.slice(0, 12)}...${p.after.slice(0, 12)}`,
  };
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
  if (o.push) {
    if (!repo) throw new Error('push needs repository');
    payload = { ...payload, ...(await pushFields(emu, repo, o.push)) };
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
