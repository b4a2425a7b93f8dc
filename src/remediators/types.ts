// Remediator contract: plan a ChangeSet from findings; never write anything.
import type { Finding } from '../core/types.ts';

/** Read-only view of a repository (working tree or a commit through the GitHub API). */
export interface RepoReader {
  /** File text, or null when the file does not exist. Paths are '/'-separated, relative to the root. */
  read(path: string): Promise<string | null>;
  /** Every file path under a folder ('' for all). */
  list(prefix?: string): Promise<string[]>;
  /** owner/repo and default branch when known (used in trust policies). */
  readonly slug?: { owner: string; repo: string; defaultBranch: string };
}

export interface FileChange {
  path: string;
  /** New content, or null to delete the file. */
  content: string | null;
  /** Set for scripts that must be executable. */
  executable?: boolean;
}

/** Markdown paragraphs per named section of the PR body. Never contains a secret value. */
export interface ChangeSetBody {
  found: string[];
  revoked: string[];
  changed: string[];
  todo: string[];
}

export interface ChangeSet {
  /** sha256 over remediator ids, paths and new contents (hex). */
  id: string;
  remediators: string[];
  files: FileChange[];
  title: string;
  body: ChangeSetBody;
  /** Fingerprints of the findings this change set addresses. */
  fingerprints: string[];
  /** Display facts per credential (for the revoked section, filled from the revocation ledger). */
  credentials?: { fingerprint: string; redacted: string; issuer?: string }[];
}

/** What a single remediator returns before ids are computed and sets are merged. */
export interface Plan {
  files: FileChange[];
  title: string;
  changed: string[];
  todo: string[];
}

export interface Remediator {
  id: string;
  /** One line for the README and `fix` output. */
  summary: string;
  appliesTo(f: Finding): boolean;
  plan(findings: Finding[], repo: RepoReader): Promise<ChangeSet | null>;
}
