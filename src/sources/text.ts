// Scan one text unit (file, blob, log step, stdin): structure-aware for agent configs, plain otherwise,
// then drop lines carrying an inline `keyshift:allow <reason>`.
import RE2 from 're2';
import type { Finding, Origin } from '../core/types.ts';
import { fingerprint, fingerprintKey } from '../core/fingerprint.ts';
import { redact } from '../core/redact.ts';
import { shannon } from '../core/entropy.ts';
import { isPlaceholder } from '../core/placeholder.ts';
import { attachSecret } from '../core/secret.ts';
import { UnitError } from '../core/errors.ts';
import {
  agentConfigChunks, isAgentClient, isAwsKey, isCredentialKey, isNameSlot, isReference, isSessionTokenKey, positioner,
} from './agent-config.ts';
import type { ConfigValue } from './structured.ts';
import { DEFAULT_LITERAL, type LiteralOptions, type SourceOptions } from './options.ts';

export const LITERAL_DETECTOR = 'agent-config-literal';

export interface TextResult {
  findings: Finding[];
  /** Findings dropped by an inline `keyshift:allow <reason>`. */
  suppressed: number;
  /** Set when a config did not parse and was scanned as plain text. */
  problem?: string;
}

const ALLOW = new RE2('keyshift:allow(?:[ \\t]+([^\\s*#/-][^\\r\\n]*))?', 'u');
const SCHEME = new RE2('^(?:Bearer|Basic|Token|token|bearer)[ ]+', 'u');
const WHITESPACE = new RE2('\\s', 'u');
// AWS access key ids can be all capitals; their shape alone marks them.
const AWS_KEY_ID = new RE2('^(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}$', 'u');

function classes(s: string): number {
  let lower = 0, upper = 0, digit = 0;
  for (const c of s) {
    if (c >= 'a' && c <= 'z') lower = 1;
    else if (c >= 'A' && c <= 'Z') upper = 1;
    else if (c >= '0' && c <= '9') digit = 1;
  }
  return lower + upper + digit;
}

/** An unknown-format value that looks random enough to be a credential. */
export function looksRandom(value: string, opts: LiteralOptions = DEFAULT_LITERAL): boolean {
  if (value.length < opts.minLength || value.length > 4096) return false;
  if (WHITESPACE.test(value) || value.includes('://') || value.startsWith('/') || value.startsWith('./') || value.startsWith('~')) return false;
  if (value.includes('@') && value.includes('.')) return false; // e-mail or package spec
  if (isPlaceholder(value) || isReference(value)) return false;
  if (AWS_KEY_ID.test(value)) return true;
  return classes(value) >= 2 && shannon(value) >= opts.minEntropy;
}

function literalFindings(values: ConfigValue[], text: string, client: string, origin: Origin, opts: SourceOptions): Finding[] {
  const pos = positioner(text);
  const key = opts.fingerprintKey ?? fingerprintKey();
  const out: Finding[] = [];
  const byPointer = new Map(values.map((v) => [v.pointer, v]));
  for (const v of values) {
    if (isNameSlot(v) || isReference(v.value)) continue;
    let key = v.key;
    let skip = 0;
    // Command-line arguments: `["--api-key", "VALUE"]` and `"--api-key=VALUE"`.
    if (v.value.startsWith('-') && v.value.includes('=')) {
      key = v.value.slice(0, v.value.indexOf('='));
      skip = key.length + 1;
    } else if (v.key !== '' && [...v.key].every((c) => c >= '0' && c <= '9') && Number(v.key) > 0) {
      const prev = byPointer.get(`${v.parent}/${Number(v.key) - 1}`);
      if (prev?.value.startsWith('-')) key = prev.value;
    }
    if (!isCredentialKey(key)) continue;
    const m = SCHEME.exec(v.value.slice(skip));
    if (m) skip += m[0].length;
    const secret = v.value.slice(skip);
    if (!looksRandom(secret, opts.literal)) continue;
    const start = v.start >= 0 ? v.start + skip : 0;
    const [line, column] = pos(start);
    const [endLine, endColumn] = pos(start + secret.length);
    const f: Finding = {
      detector: LITERAL_DETECTOR,
      name: 'Literal credential in a config',
      path: origin.path,
      line, column, endLine, endColumn,
      fingerprint: fingerprint(secret, key),
      redacted: redact(secret),
      lifetime: secret.startsWith('ASIA') && secret.length === 20 ? 'ephemeral' : 'static',
      validated: false,
      source: origin.source,
      ...(origin.commit ? { commit: origin.commit, author: origin.author, date: origin.date } : {}),
      ...(origin.step ? { step: origin.step } : {}),
      config: { client, pointer: v.pointer },
    };
    out.push(attachSecret(f, secret));
  }
  return out;
}

/** AWS credentials next to a literal session token are temporary (ASIA + session token). */
function adjustLifetimes(findings: Finding[], values: ConfigValue[]): void {
  const byPointer = new Map(values.map((v) => [v.pointer, v]));
  const sessionParents = new Set(
    values.filter((v) => isSessionTokenKey(v.key) && !isReference(v.value) && !isPlaceholder(v.value) && v.value.length >= 16).map((v) => v.parent),
  );
  for (const f of findings) {
    const v = f.config ? byPointer.get(f.config.pointer) : undefined;
    if (!v || !sessionParents.has(v.parent)) continue;
    if (isSessionTokenKey(v.key) || isAwsKey(v.key) || f.detector.startsWith('aws-')) f.lifetime = 'ephemeral';
  }
}

function overlaps(a: Finding, b: Finding): boolean {
  return a.line === b.line && a.column < b.endColumn + (b.endLine > b.line ? 1e9 : 0) && b.column < a.endColumn + (a.endLine > a.line ? 1e9 : 0);
}

export function scanText(text: string, origin: Origin, opts: SourceOptions): TextResult {
  const { engine } = opts;
  let findings: Finding[] = [];
  let problem: string | undefined;
  let cfg;
  try {
    cfg = agentConfigChunks(origin.path, text, origin);
  } catch (err) {
    problem = err instanceof UnitError ? `${err.message}; scanned as plain text` : 'config did not parse; scanned as plain text';
  }
  if (cfg) {
    for (const c of cfg.chunks) findings.push(...engine.scan(c));
    if (isAgentClient(cfg.kind.client) || cfg.kind.client === 'github-workflow') {
      for (const lit of literalFindings(cfg.values, text, cfg.kind.client, origin, opts)) {
        if (!findings.some((f) => f.config?.pointer === lit.config?.pointer && overlaps(f, lit))) findings.push(lit);
      }
    }
    adjustLifetimes(findings, cfg.values);
  }
  for (const f of engine.scan({ data: text, origin })) {
    if (!findings.some((g) => g.fingerprint === f.fingerprint && g.line === f.line)) findings.push(f);
  }
  if (opts.disabled?.size) findings = findings.filter((f) => !opts.disabled!.has(f.detector));
  return { ...allowFilter(findings, text), ...(problem ? { problem } : {}) };
}

/** Drop findings on lines with `keyshift:allow <reason>`; a bare `keyshift:allow` (no reason) does not count. */
export function allowFilter(findings: Finding[], text: string): { findings: Finding[]; suppressed: number } {
  if (!findings.length || !text.includes('keyshift:allow')) return { findings, suppressed: 0 };
  const lines = text.split('\n');
  const kept: Finding[] = [];
  let suppressed = 0;
  for (const f of findings) {
    const m = ALLOW.exec(lines[f.line - 1] ?? '');
    if (m && m[1] && m[1].trim().length > 0) suppressed++;
    else kept.push(f);
  }
  return { findings: kept, suppressed };
}
