import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startGithubEmulator, type GithubEmulator } from '../emulators/github/index.ts';
import { verifyWebhook, type WebhookVerdict } from '../../src/github/webhooks.ts';

let gh: GithubEmulator;
let server: Server;
let target: string;
let secrets: string[] = [];
const received: Array<{ verdict: WebhookVerdict; event?: string; delivery?: string; body: Buffer }> = [];

beforeAll(async () => {
  gh = await startGithubEmulator();
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const verdict = await verifyWebhook(body, req.headers['x-hub-signature-256'], secrets, 64 * 1024);
    received.push({ verdict, event: req.headers['x-github-event'] as string, delivery: req.headers['x-github-delivery'] as string, body });
    res.writeHead(verdict.ok ? 202 : 401).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  target = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
});
afterAll(async () => { await gh.close(); await new Promise((r) => server.close(r)); });

describe('webhooks: emulator deliveries and verifyWebhook', () => {
  it('a push shaped like @octokit/webhooks-examples, patched and correctly signed, is accepted', async () => {
    const app = gh.createApp({ slug: 'keyshift' });
    await gh.createRepo('acme/api', { files: { a: '1' } });
    const sha = await gh.commit('acme/api', { files: { b: '2' } });
    const inst = gh.install(app.id, 'acme');
    secrets = [app.webhookSecret];
    const res = await gh.sendWebhook(target, 'push', { installationId: inst.id, repository: 'acme/api', payload: { after: sha, ref: 'refs/heads/main' } });
    expect(res.status).toBe(202);
    const got = received.at(-1)!;
    expect(got).toMatchObject({ verdict: { ok: true }, event: 'push', delivery: res.deliveryId });
    const payload = JSON.parse(got.body.toString());
    expect(payload).toMatchObject({ after: sha, ref: 'refs/heads/main', installation: { id: inst.id }, repository: { full_name: 'acme/api', private: true } });
    expect(Array.isArray(payload.commits)).toBe(true); // from the example
    expect(payload.pusher).toBeDefined();
  });

  it('push payloads can carry the real commits of a push (before..after)', async () => {
    const app = gh.createApp({ slug: 'pusher' });
    const r = await gh.createRepo('acme/pushed', { files: { 'a.txt': '1\n', 'gone.txt': 'x\n' } });
    const before = (await gh.commit('acme/pushed', { files: { 'b.txt': '2\n' } }));
    const c1 = await gh.commit('acme/pushed', { message: 'add key', files: { 'k.env': 'K=1\n', 'gone.txt': null } });
    const c2 = await gh.commit('acme/pushed', { message: 'edit', files: { 'a.txt': '3\n' } });
    const inst = gh.install(app.id, 'acme');
    secrets = [app.webhookSecret];
    const res = await gh.sendWebhook(target, 'push', { installationId: inst.id, repository: r.fullName, push: { before, after: c2 } });
    expect(res.status).toBe(202);
    expect(res.payload).toMatchObject({ ref: 'refs/heads/main', before, after: c2, created: false, head_commit: { id: c2 } });
    expect(res.payload.commits.map((c: { id: string }) => c.id)).toEqual([c1, c2]);
    expect(res.payload.commits[0]).toMatchObject({ message: 'add key', added: ['k.env'], removed: ['gone.txt'], modified: [] });
    expect(res.payload.commits[1]).toMatchObject({ added: [], modified: ['a.txt'] });
  });

  it('rejects a wrong signature, a missing one, a malformed one and an oversized body', async () => {
    const secret = 'whsec-test-1';
    secrets = [secret];
    const bad = await gh.sendWebhook(target, 'push', { secret, signature: `sha256=${'0'.repeat(64)}` });
    expect(bad.status).toBe(401);
    expect(received.at(-1)!.verdict).toEqual({ ok: false, reason: 'bad-signature' });
    await gh.sendWebhook(target, 'push', { secret, signature: null });
    expect(received.at(-1)!.verdict).toEqual({ ok: false, reason: 'missing-signature' });
    await gh.sendWebhook(target, 'push', { secret, signature: 'sha1=abc' });
    expect(received.at(-1)!.verdict).toEqual({ ok: false, reason: 'malformed-signature' });
    const big = await gh.sendWebhook(target, 'push', { secret, payload: { padding: 'x'.repeat(70 * 1024) } });
    expect(big.status).toBe(401);
    expect(received.at(-1)!.verdict).toEqual({ ok: false, reason: 'too-large' });
    // signed with another secret
    await gh.sendWebhook(target, 'pull_request', { secret: 'other', action: 'opened' });
    expect(received.at(-1)!.verdict).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('accepts the previous secret during rotation, and a body changed by one byte fails', async () => {
    secrets = ['new-secret', 'old-secret'];
    const r = await gh.sendWebhook(target, 'workflow_run', { secret: 'old-secret', action: 'completed' });
    expect(r.status).toBe(202);
    const body = received.at(-1)!.body;
    const sig = (await import('../emulators/github/webhooks.ts')).sign(body, 'old-secret');
    expect(await verifyWebhook(body, sig, 'old-secret')).toEqual({ ok: true });
    const tampered = Buffer.from(body);
    tampered[10] = tampered[10]! ^ 1;
    expect(await verifyWebhook(tampered, sig, 'old-secret')).toEqual({ ok: false, reason: 'bad-signature' });
    expect(await verifyWebhook(Buffer.alloc(0), sig, 'old-secret')).toEqual({ ok: false, reason: 'empty-body' });
    expect(await verifyWebhook(body, sig, '')).toEqual({ ok: false, reason: 'no-secret' });
  });
});
