// The CI gate's decision: which findings fail the build. A small pure function, swappable for Cedar.
import type { Finding } from '../core/types.ts';
import type { FailRule } from '../config/schema.ts';
import { isAgentClient } from '../sources/agent-config.ts';

export interface CiDecision {
  fail: boolean;
  /** Findings that triggered a failure, with the rule that matched. */
  failing: Map<Finding, FailRule>;
}

export function ruleMatches(rule: FailRule, f: Finding): boolean {
  const isStatic = f.lifetime === 'static';
  switch (rule) {
    case 'any':
      return true;
    case 'static':
      return isStatic;
    case 'agent-config-static':
      return isStatic && !!f.config && isAgentClient(f.config.client);
    case 'workflow-static':
      return isStatic && f.config?.client === 'github-workflow';
    case 'validated-static':
      return isStatic && (f.validated || f.verification?.status === 'live');
    case 'live':
      return f.verification?.status === 'live';
  }
}

export function decide(findings: Finding[], failOn: readonly FailRule[]): CiDecision {
  const failing = new Map<Finding, FailRule>();
  for (const f of findings) {
    const rule = failOn.find((r) => ruleMatches(r, f));
    if (rule) failing.set(f, rule);
  }
  return { fail: failing.size > 0, failing };
}
