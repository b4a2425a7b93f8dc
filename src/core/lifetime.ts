// Lifetime classes, referenced by name from rule.yml (`lifetime:`): a fixed class or a function of the value.
import type { Lifetime, Validation } from './types.ts';

type LifetimeFn = (secret: string, validation?: Validation) => Lifetime;

const DAY = 86_400;

function awsPrefix(p: string): Lifetime {
  return p === 'ASIA' ? 'ephemeral' : p === 'AKIA' ? 'static' : 'unknown';
}

export const lifetimeFns: Record<string, LifetimeFn> = {
  // The key id itself, or a secret key whose validator recorded the id's prefix.
  'aws-key-prefix': (s, v) => awsPrefix(typeof v?.facts?.keyPrefix === 'string' ? v.facts.keyPrefix : s.slice(0, 4)),
  'jwt-claims': (_s, v) => {
    const exp = Number(v?.facts?.exp);
    const iat = Number(v?.facts?.iat);
    if (!Number.isFinite(exp)) return v?.ok ? 'static' : 'unknown';
    // A token that lives a day or less is ephemeral; longer-lived or non-expiring JWTs are static.
    // Without iat, judge by what is left of its life (an expired token is ephemeral too).
    if (Number.isFinite(iat)) return exp - iat <= DAY ? 'ephemeral' : 'static';
    return exp - Date.now() / 1000 <= DAY ? 'ephemeral' : 'static';
  },
};

export function lifetimeOf(spec: string, secret: string, validation?: Validation): Lifetime {
  if (spec === 'static' || spec === 'ephemeral' || spec === 'unknown') return spec;
  return lifetimeFns[spec]?.(secret, validation) ?? 'unknown';
}
