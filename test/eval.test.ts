// npm run eval: the type mapping names real detectors, and the scoring counts what it says it counts.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { loadCatalog } from '../src/core/catalog.ts';
import { evaluate, RULE_MAP, type Example } from '../scripts/eval.ts';

const catalog = loadCatalog();
const alnum = (n: number) => Array.from(randomBytes(n), (b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[b % 62]).join('');

describe('eval', () => {
  it('maps every corpus rule to detectors that exist', () => {
    const ids = new Set(catalog.map((d) => d.id));
    for (const [rule, dets] of Object.entries(RULE_MAP)) for (const d of dets) expect(ids.has(d), `${rule} -> ${d}`).toBe(true);
  });

  it('scores recall, own-type negatives, contradictory labels and miss reasons', () => {
    const key = `sk_live_${alnum(24)}`;
    const examples: Example[] = [
      { rule_id: 'np.stripe.1', label: 'positive', text: `Stripe.api_key = "${key}"` },
      { rule_id: 'np.stripe.1', label: 'positive', text: 'TAVILY_API_KEY = "tvly-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"' },
      { rule_id: 'np.tavily.1', label: 'positive', text: 'TAVILY_API_KEY = "tvly-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"' },
      { rule_id: 'np.stripe.1', label: 'negative', text: `const k = "sk_live_${alnum(24)}"` },
      { rule_id: 'np.stripe.1', label: 'negative', text: `Stripe.api_key = "${key}"` },
      { rule_id: 'np.stripe.1', label: 'negative', text: 'nothing to see here' },
    ];
    const r = evaluate(examples, { catalog, misses: true });
    expect(r.total).toMatchObject({ pos: 3, found: 1, neg: 3, own: 1, contradicted: 1, any: 2 });
    expect(r.missReasons).toEqual({ 'no match': 1, placeholder: 1 });
    expect(r.lines.at(-2)).toBe('positives that are credentials (excluding 1 placeholder or bad-checksum examples): recall 0.500 (1/2)');
    expect(r.lines.at(-3)).toBe('positives: recall 0.333 (1/3); found by own type 0.333 (1/3)');
    expect(r.lines.at(-1)).toContain('flagged as own type 1/2 (contradictory labels skipped: 1)');
  });
});
