// The revocation ledger: at most one revocation per fingerprint, recorded before (intent) and after (result).
// Approval holds live here too. Two implementations: a fsync'd JSONL file (CLI) and Redis SET NX (pipeline).

export type LedgerState = 'held' | 'approved' | 'intent' | 'done' | 'retryable';

export interface LedgerEntry {
  fingerprint: string;
  state: LedgerState;
  at: string;
  issuer?: string;
  redacted?: string;
  outcome?: string;
  detail?: string;
  httpStatus?: number;
  by?: string;
}

export interface ClaimInfo {
  issuer: string;
  redacted: string;
}

export interface ResultInfo {
  outcome: string;
  detail?: string;
  httpStatus?: number;
  /** The call did not reach the issuer (network, 5xx, 429): the claim is released for a later run. */
  retryable?: boolean;
}

export interface RevocationLedger {
  /** Record intent. True for exactly one caller per fingerprint (until a retryable failure releases it). */
  claim(fingerprint: string, info: ClaimInfo): Promise<boolean>;
  /** Record the issuer's result for a claimed fingerprint. */
  complete(fingerprint: string, result: ResultInfo): Promise<void>;
  /** The revocation record (intent/done/retryable), if any. */
  revocation(fingerprint: string): Promise<LedgerEntry | undefined>;
  /** Hold a revocation for human approval (no-op when already held or approved). */
  hold(fingerprint: string, info: ClaimInfo): Promise<void>;
  /** Approve a held (or future) revocation. */
  approve(fingerprint: string, by: string): Promise<void>;
  approval(fingerprint: string): Promise<'held' | 'approved' | undefined>;
}
