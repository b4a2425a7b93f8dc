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
  agentConfigChunks, classifyConfig, isAwsKey, isCredentialKey, isNameSlot, isReference, isSessionTokenKey, positioner,
} from './agent-config.ts';
import type { ConfigValue } from './structured.ts';
import { DEFAULT_LITERAL, type LiteralOptions, type SourceOptions } from './options.ts';
import type { TextScanner } from './files.ts';

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

/** Same place in the file: same start line and overlapping columns (multi-line spans run to the line end). */
function sameSpot(a: Finding, b: Finding): boolean {
  if (a.line !== b.line) return false;
  const aEnd = a.endLine > a.line ? Infinity : a.endColumn;
  const bEnd = b.endLine > b.line ? Infinity : b.endColumn;
  return a.column < bEnd && b.column < aEnd;
}

/** Preference when several findings cover one spot: validated, then specific detectors, generic ones, the literal heuristic. */
function rank(f: Finding): number {
  if (f.validated) return 0;
  if (f.detector === LITERAL_DETECTOR) return 3;
  return f.detector.startsWith('generic-') ? 2 : 1;
}

function dedupe(findings: Finding[]): Finding[] {
  const kept: Finding[] = [];
  const order = findings.map((f, i) => [f, i] as const).sort((x, y) => rank(x[0]) - rank(y[0]) || x[1] - y[1]);
  for (const [f] of order) {
    const dup = kept.some((k) => sameSpot(k, f) && (k.fingerprint === f.fingerprint || (!!k.config && k.config.pointer === f.config?.pointer)));
    if (!dup) kept.push(f);
  }
  return kept.sort((x, y) => x.line - y.line || x.column - y.column);
}

/** Whole-text findings (detectors that need the key name as context) get the pointer of the value they sit in. */
function attachPointers(findings: Finding[], values: ConfigValue[], client: string, text: string): void {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  for (const f of findings) {
    if (f.config) continue;
    const off = (starts[f.line - 1] ?? 0) + f.column - 1;
    let best: ConfigValue | undefined;
    for (const v of values) {
      if (v.start < 0 || off < v.start || off >= v.start + v.value.length) continue;
      if (!best || v.value.length < best.value.length) best = v;
    }
    if (best) f.config = { client, pointer: best.pointer };
  }
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
    findings.push(...literalFindings(cfg.values, text, cfg.kind.client, origin, opts));
  }
  const whole = engine.scan({ data: text, origin });
  if (cfg) attachPointers(whole, cfg.values, cfg.kind.client, text);
  findings.push(...whole);
  if (opts.disabled?.size) findings = findings.filter((f) => !opts.disabled!.has(f.detector));
  if (cfg) adjustLifetimes(findings, cfg.values);
  return { ...allowFilter(dedupe(findings), text), ...(problem ? { problem } : {}) };
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

/**
 * Factory for src/core/scan.ts's per-file hook, so the worker pool runs this same config-aware scan.
 * Files that are not configs skip the string round trip: bytes go straight to the engine.
 */
export function makeTextScanner(o: { disabled?: string[]; literal?: LiteralOptions; fingerprintKey?: string }): TextScanner {
  const disabled = new Set(o.disabled ?? []);
  return (engine, data, origin) => {
    if (classifyConfig(origin.path)) {
      return scanText(data.toString('utf8'), origin, { engine, disabled, literal: o.literal, fingerprintKey: o.fingerprintKey });
    }
    const found = engine.scanBuffer(data, origin).filter((f) => !disabled.has(f.detector));
    return found.length ? allowFilter(dedupe(found), data.toString('utf8')) : { findings: found };
  };
}
