// Holds secret values in process memory only, keyed by the Finding object.
// JSON.stringify, structuredClone and loggers never see them.
import type { Finding } from './types.ts';

const values = new WeakMap<Finding, string>();

export function attachSecret(f: Finding, value: string): Finding {
  values.set(f, value);
  return f;
}

/** The secret behind a finding, for its own issuer call only. */
export function secretOf(f: Finding): string | undefined {
  return values.get(f);
}
