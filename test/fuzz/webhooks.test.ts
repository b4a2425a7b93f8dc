// Property tests: webhook signature checks and payload reduction never throw on forged input, and
// only a correctly signed body passes.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ZodError } from 'zod';
import { verifyWebhook } from '../../src/github/webhooks.ts';
import { verifySignature, sign } from '../../src/server/signature.ts';
import { toEventJob } from '../../src/server/events.ts';
import { RUNS, tolerant, tolerantAsync } from './fuzz.ts';

const EVENTS = ['push', 'pull_request', 'workflow_run', 'installation', 'installation_repositories', 'secret_scanning_alert', 'ping', 'x'];
const ACTIONS = ['opened', 'synchronize', 'completed', 'created', 'added', 'removed', 'validated', 'deleted'];
// Payloads shaped like GitHub's, with each field possibly of the wrong type.
const anyVal = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.constant(null), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }));
const repo = fc.record({ id: fc.oneof(fc.integer(), anyVal), name: anyVal, full_name: fc.oneof(fc.constant('acme/api'), anyVal), owner: fc.oneof(fc.record({ login: anyVal }), anyVal), default_branch: anyVal, private: anyVal }, { requiredKeys: [] });
const payload = fc.record(
  {
    action: fc.oneof(fc.constantFrom(...ACTIONS), anyVal),
    installation: fc.oneof(fc.record({ id: fc.oneof(fc.nat(), anyVal) }), anyVal),
    repository: fc.oneof(repo, anyVal),
    ref: anyVal, before: anyVal, after: anyVal, deleted: anyVal,
    pull_request: fc.oneof(fc.record({ number: anyVal, head: fc.record({ sha: anyVal, ref: anyVal }), base: fc.record({ sha: anyVal }) }), anyVal),
    workflow_run: fc.oneof(fc.record({ id: anyVal, run_attempt: anyVal, head_sha: anyVal, conclusion: anyVal }), anyVal),
    repositories_added: fc.oneof(fc.array(repo, { maxLength: 3 }), anyVal),
    alert: fc.oneof(fc.record({ number: anyVal, secret_type: anyVal }), anyVal),
  },
  { requiredKeys: [] },
);

describe('fuzz: webhooks', () => {
  it('toEventJob: a job, undefined, or a schema error (400) for any payload', () => {
    fc.assert(
      fc.property(fc.constantFrom(...EVENTS), fc.string({ maxLength: 40 }), fc.oneof(payload, fc.jsonValue()), (event, delivery, p) => {
        const r = tolerant(() => toEventJob(event, delivery, p), 200, [ZodError]);
        if (r && !(r instanceof Error)) expect(JSON.stringify(r)).not.toMatch(/"commits"|"head_commit"/);
      }),
      { numRuns: RUNS },
    );
  });

  it('verifyWebhook / verifySignature: forged, truncated, mixed-case or oversized signatures never pass', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.string({ maxLength: 80 }), fc.string({ minLength: 1, maxLength: 20 }), async (body, header, secret) => {
        const raw = Buffer.from(body);
        const good = sign(secret, raw);
        const v = await tolerantAsync(() => verifyWebhook(raw, header, secret));
        if (header !== good && !(v instanceof Error)) expect(v.ok).toBe(false);
        expect(tolerant(() => verifySignature([secret], raw, header))).toBe(header === good);
        expect(verifySignature([secret], raw, good.toUpperCase())).toBe(false);
        expect(verifySignature([secret], raw, good.slice(0, -1))).toBe(false);
        expect(verifySignature([secret], raw, good)).toBe(true);
        expect((await verifyWebhook(raw, good, secret, Math.max(0, raw.length - 1))).ok).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });
});
