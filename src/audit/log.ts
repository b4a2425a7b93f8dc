// Audit log: every verification, policy decision and revocation as one JSON line, with fingerprint and
// redacted preview, never the value (secrets passed in are scrubbed as a last guard).
import { scrub } from '../core/redact.ts';
import { appendDurable } from './jsonl.ts';

export interface AuditEvent {
  kind: 'verify' | 'decision' | 'hold' | 'approve' | 'revoke' | 'confirm';
  fingerprint: string;
  redacted?: string;
  detector?: string;
  issuer?: string;
  mode?: 'dry-run' | 'apply';
  /** Policy inputs and the decision, for kind=decision. */
  policy?: { input: Record<string, unknown>; decision: Record<string, unknown> };
  status?: string;
  outcome?: string;
  httpStatus?: number;
  detail?: string;
  by?: string;
}

export interface AuditSink {
  append(ev: AuditEvent, secrets?: string[]): void;
}

export class AuditLog implements AuditSink {
  constructor(readonly path: string) {}

  append(ev: AuditEvent, secrets: string[] = []): void {
    const rec = { at: new Date().toISOString(), ...ev };
    const line = secrets.length ? JSON.parse(scrub(JSON.stringify(rec), secrets)) : rec;
    appendDurable(this.path, line);
  }
}

/** In-memory sink for callers that keep their own log (pipeline) and for tests. */
export class MemoryAudit implements AuditSink {
  readonly events: (AuditEvent & { at: string })[] = [];
  append(ev: AuditEvent, secrets: string[] = []): void {
    const rec = { at: new Date().toISOString(), ...ev };
    this.events.push(secrets.length ? JSON.parse(scrub(JSON.stringify(rec), secrets)) : rec);
  }
}
