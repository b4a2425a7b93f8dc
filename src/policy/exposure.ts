// Where a credential was exposed, as the policy sees it.
import type { Finding } from '../core/types.ts';
import type { Exposure } from './evaluate.ts';

export function exposureOf(findings: Finding[], place: 'public-repo' | 'private-repo' | 'local'): Exposure[] {
  const out = new Set<Exposure>();
  for (const f of findings) {
    if (f.config?.client === 'github-workflow') out.add('workflow');
    else if (f.config) out.add('agent-config');
    if (f.source === 'ci-log') out.add('ci-log');
    else if (f.source === 'stdin') out.add('local');
    else if (!f.config) out.add(place);
  }
  return [...out];
}
