import { createHmac } from 'node:crypto';

// Keyed so a leaked report cannot be used to confirm guesses of low-entropy secrets.
// Teams set KEYSHIFT_FINGERPRINT_KEY (same value everywhere their baselines are shared).
const DEFAULT_KEY = 'keyshift-fingerprint-v1';

export function fingerprintKey(): string {
  return process.env.KEYSHIFT_FINGERPRINT_KEY || DEFAULT_KEY;
}

/** HMAC-SHA256 over the secret alone, so the same credential matches across detectors and places. */
export function fingerprint(secret: string, key = fingerprintKey()): string {
  return createHmac('sha256', key).update(secret, 'utf8').digest('hex');
}
