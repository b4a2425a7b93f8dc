// Verification results cached by fingerprint with a TTL, so one credential seen in many places is checked once.
import type { VerifyResult } from './types.ts';

export class VerificationCache {
  private readonly entries = new Map<string, { at: number; result: VerifyResult }>();

  constructor(readonly ttlMs = 15 * 60_000) {}

  get(fingerprint: string, now = Date.now()): VerifyResult | undefined {
    const e = this.entries.get(fingerprint);
    if (!e) return undefined;
    if (now - e.at > this.ttlMs) {
      this.entries.delete(fingerprint);
      return undefined;
    }
    return e.result;
  }

  set(fingerprint: string, result: VerifyResult, now = Date.now()): void {
    // `unknown` is not worth remembering: the next attempt may reach the issuer.
    if (result.status === 'unknown') return;
    this.entries.set(fingerprint, { at: now, result });
  }

  delete(fingerprint: string): void {
    this.entries.delete(fingerprint);
  }
}
