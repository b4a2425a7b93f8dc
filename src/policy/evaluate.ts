// Policy as code: each decision (revoke, hold, open-pr, fail-ci) is one Cedar authorization over the finding.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { UsageError } from '../core/errors.ts';
import type { EntityJson } from '@cedar-policy/cedar-wasm/nodejs';

const HERE = dirname(fileURLToPath(import.meta.url));
export const SCHEMA = readFileSync(join(HERE, 'schema.cedarschema'), 'utf8');
export const DEFAULT_POLICY = readFileSync(join(HERE, 'default.cedar'), 'utf8');

export type Exposure = 'public-repo' | 'private-repo' | 'ci-log' | 'agent-config' | 'workflow' | 'local';

/** The policy inputs for one credential. Never the value. */
export interface PolicyInput {
  fingerprint: string;
  detector: string;
  issuer: string;
  lifetime: string;
  liveness: string;
  exposure: Exposure[];
  places: number;
  reused: boolean;
  revocable: 'api' | 'report' | 'manual' | 'none';
  validated: boolean;
}

export interface Decision {
  revoke: boolean;
  hold: boolean;
  openPr: boolean;
  failCi: boolean;
  /** Policy ids that decided each action. */
  reasons: Record<string, string[]>;
}

const ACTIONS = { revoke: 'revoke', hold: 'hold', openPr: 'open-pr', failCi: 'fail-ci' } as const;

function errText(errors: { message: string }[]): string {
  return (errors[0]?.message ?? 'invalid').split('\n')[0]!;
}

/** Split a policy set into policies keyed by their @id annotation (policyN when absent), so reasons read well. */
function byId(text: string, where: string): Record<string, string> {
  const parts = cedar.policySetTextToParts(text);
  if (parts.type === 'failure') throw new UsageError(`policy (${where}): ${errText(parts.errors)}`);
  const out: Record<string, string> = {};
  parts.policies.forEach((p, i) => {
    const id = /@id\(\s*"([^"]+)"\s*\)/.exec(p)?.[1] ?? `policy${i}`;
    if (out[id]) throw new UsageError(`policy (${where}): duplicate @id("${id}")`);
    out[id] = p;
  });
  return out;
}

let loaded = 0;
let schemaReady = false;
function schemaName(): string {
  if (!schemaReady) {
    const r = cedar.preparseSchema('keyshift', SCHEMA);
    if (r.type === 'failure') throw new UsageError(`policy schema: ${errText(r.errors)}`);
    schemaReady = true;
  }
  return 'keyshift';
}

export class Policy {
  private constructor(
    readonly text: string,
    private readonly setId: string,
  ) {}

  /** Parse and validate a policy against the schema; a bad policy is a one-line UsageError. */
  static load(text = DEFAULT_POLICY, where = 'default policy'): Policy {
    const set = byId(text, where);
    const v = cedar.validate({ schema: SCHEMA, policies: { staticPolicies: set }, validationSettings: { mode: 'strict' } });
    if (v.type === 'failure') throw new UsageError(`policy (${where}): ${errText(v.errors)}`);
    if (v.validationErrors.length) throw new UsageError(`policy (${where}): ${v.validationErrors[0]!.policyId}: ${errText([v.validationErrors[0]!.error])}`);
    const id = `keyshift-${++loaded}`;
    const pre = cedar.preparsePolicySet(id, { staticPolicies: set });
    if (pre.type === 'failure') throw new UsageError(`policy (${where}): ${errText(pre.errors)}`);
    return new Policy(text, id);
  }

  decide(input: PolicyInput): Decision {
    const resource = { type: 'Keyshift::Finding', id: input.fingerprint };
    const principal = { type: 'Keyshift::Scanner', id: 'keyshift' };
    const entities: EntityJson[] = [
      { uid: principal, attrs: {}, parents: [] },
      {
        uid: resource,
        attrs: {
          detector: input.detector,
          issuer: input.issuer,
          lifetime: input.lifetime,
          liveness: input.liveness,
          exposure: [...new Set(input.exposure)],
          places: input.places,
          reused: input.reused,
          revocable: input.revocable,
          validated: input.validated,
        },
        parents: [],
      },
    ];
    const out: Decision = { revoke: false, hold: false, openPr: false, failCi: false, reasons: {} };
    for (const [key, action] of Object.entries(ACTIONS) as [keyof typeof ACTIONS, string][]) {
      const ans = cedar.statefulIsAuthorized({
        principal,
        action: { type: 'Keyshift::Action', id: action },
        resource,
        context: {},
        preparsedSchemaName: schemaName(),
        validateRequest: true,
        preparsedPolicySetId: this.setId,
        entities,
      });
      if (ans.type === 'failure') throw new UsageError(`policy evaluation failed: ${errText(ans.errors)}`);
      out[key] = ans.response.decision === 'allow';
      out.reasons[action] = ans.response.diagnostics.reason;
    }
    return out;
  }
}
