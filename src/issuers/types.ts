// The issuer interface: verify (non-destructive), identify (registry match), revoke (or the closest thing).
import type { Finding, Identity, VerificationStatus } from '../core/types.ts';
import type { IssuerHttp } from './http.ts';

/** A credential as handed to its issuer: the finding, its value, and paired values (AWS secret key). */
export interface Credential {
  finding: Finding;
  secret: string;
  /** Companion values found next to it, e.g. { secretAccessKey } for an AWS key id. */
  parts?: Record<string, string>;
}

export interface VerifyResult {
  status: VerificationStatus;
  /** Sanitised reason, never the secret. */
  detail?: string;
  httpStatus?: number;
  identity?: Identity;
}

export type RevokeOutcome =
  | 'revoked' // the issuer destroyed it
  | 'deactivated' // disabled, reversible (AWS Inactive, GCP disable, Anthropic inactive)
  | 'reported' // handed to the issuer (GitHub /credentials/revoke 202, partner report)
  | 'already-invalid'
  | 'manual' // no API: a human must roll it (Stripe)
  | 'not-ours' // partner labelled it false_positive / not found in the registry
  | 'failed';

export interface RevokeResult {
  outcome: RevokeOutcome;
  detail?: string;
  httpStatus?: number;
}

/** What an issuer gets to work with: its configured base URL, an HTTP client bound to it, settings. */
export interface IssuerContext {
  baseUrl: string;
  http: IssuerHttp;
  /** Issuer settings from env KEYSHIFT_ISSUER_<ID>_<NAME> or .keyshift.yml issuers.<id>.<name>. */
  setting(name: string): string | undefined;
}

export interface Issuer {
  id: string;
  /** The issuer's fixed public API base; overridable only by configuration. */
  defaultUrl: string;
  /** Minimum spacing between calls and an optional hourly budget. */
  rate?: { minIntervalMs?: number; perHour?: number };
  /** Which values of its detectors this issuer can check (by prefix); others stay unverified. */
  accepts?(secret: string): boolean;
  verify(c: Credential, ctx: IssuerContext): Promise<VerifyResult>;
  identify?(c: Credential, ctx: IssuerContext): Promise<Identity>;
  revoke?(c: Credential, ctx: IssuerContext): Promise<RevokeResult>;
  /** Issuers with a batch endpoint (GitHub) revoke many in one call; results in input order. */
  revokeMany?(cs: Credential[], ctx: IssuerContext): Promise<RevokeResult[]>;
  /** False when this credential cannot be revoked with the current configuration (no admin key, no role). */
  canRevoke?(c: Credential, ctx: IssuerContext): boolean;
  /** Companion values read from the file the credential was found in (GCP: client_email of a key file). */
  locate?(c: Credential, root: string): Record<string, string> | undefined;
  /** How revocation works: by API (default), by report to the issuer (partner), or by hand (Stripe). */
  revocation?: 'api' | 'report' | 'manual';
}
