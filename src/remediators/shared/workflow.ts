// GitHub Actions workflow edits shared by the workflow remediators (on top of YamlEditor).
import { isMap, isScalar, isSeq } from 'yaml';
import type { Finding } from '../../core/types.ts';
import { secretOf } from '../../core/secret.ts';
import { YamlEditor, findScalars, scalarAt, type YamlPath } from '../../edit/yaml.ts';
import { offsetOf } from '../../edit/text.ts';
import type { FileChange, RepoReader } from '../types.ts';
import { byPath } from './match.ts';

export function isWorkflowPath(path: string): boolean {
  return path.startsWith('.github/workflows/') && (path.endsWith('.yml') || path.endsWith('.yaml'));
}

export function jobIds(ed: YamlEditor): string[] {
  const jobs = ed.map(['jobs']);
  return jobs ? jobs.items.map((p) => String((p.key as { value: unknown }).value)) : [];
}

export interface StepRef {
  job: string;
  index: number;
  path: YamlPath;
}

/** Steps whose `uses:` starts with the action name (owner/repo, case-insensitive). */
export function stepsUsing(ed: YamlEditor, action: string): StepRef[] {
  const out: StepRef[] = [];
  for (const job of jobIds(ed)) {
    const steps = ed.seq(['jobs', job, 'steps']);
    steps?.items.forEach((s, index) => {
      if (!isMap(s)) return;
      const uses = s.get('uses');
      if (typeof uses === 'string' && uses.toLowerCase().startsWith(action.toLowerCase() + '@')) out.push({ job, index, path: ['jobs', job, 'steps', index] });
    });
  }
  return out;
}

/** Every env map in the workflow with the job it applies to (undefined = every job). */
export function envMaps(ed: YamlEditor): { path: YamlPath; job?: string }[] {
  const out: { path: YamlPath; job?: string }[] = [];
  if (ed.map(['env'])) out.push({ path: ['env'] });
  for (const job of jobIds(ed)) {
    if (ed.map(['jobs', job, 'env'])) out.push({ path: ['jobs', job, 'env'], job });
    ed.seq(['jobs', job, 'steps'])?.items.forEach((s, i) => {
      if (isMap(s) && isMap(s.get('env', true))) out.push({ path: ['jobs', job, 'steps', i, 'env'], job });
    });
  }
  return out;
}

/** Remove env entries by name everywhere; returns the jobs that lost one and the values removed (plain text, in memory only). */
export function removeEnv(ed: YamlEditor, names: string[]): { jobs: Set<string>; values: Map<string, unknown> } {
  const jobs = new Set<string>();
  const values = new Map<string, unknown>();
  // Deepest first so earlier paths stay valid while later ones are removed.
  const maps = envMaps(ed).reverse();
  for (const m of maps) {
    for (const name of names) {
      if (!ed.has([...m.path, name])) continue;
      values.set(name, ed.value([...m.path, name]));
      ed.remove([...m.path, name]);
      for (const j of m.job ? [m.job] : jobIds(ed)) jobs.add(j);
    }
  }
  return { jobs, values };
}

/** Env value by name as seen by a job (step, job then workflow level); undefined when absent. */
export function envValue(ed: YamlEditor, job: string, name: string): unknown {
  const steps = ed.seq(['jobs', job, 'steps']);
  for (const s of steps?.items ?? []) {
    const env = isMap(s) ? s.get('env', true) : undefined;
    if (isMap(env) && env.has(name)) return env.get(name);
  }
  return ed.value(['jobs', job, 'env', name]) ?? ed.value(['env', name]);
}

export type Access = 'read' | 'write';

/**
 * Grant a job the given permissions where its permissions are decided (job map, else workflow map,
 * else a new job-level map with `contents: read`), never lowering an existing grant. Returns a note
 * when a human must decide (read-all).
 */
export function ensurePermissions(ed: YamlEditor, job: string, want: Record<string, Access>): string | undefined {
  for (const base of [['jobs', job], []] as YamlPath[]) {
    const p = ed.node([...base, 'permissions']);
    if (isMap(p)) {
      for (const [k, v] of Object.entries(want)) {
        const cur = ed.value([...base, 'permissions', k]);
        if (cur === v || cur === 'write') continue;
        ed.setKey([...base, 'permissions'], k, v);
      }
      return undefined;
    }
    if (isScalar(p)) {
      if (p.value === 'write-all') return undefined;
      return `Job \`${job}\`: \`permissions: ${String(p.value)}\` does not grant ${Object.keys(want).map((k) => `\`${k}\``).join(', ')}; replace it with an explicit map.`;
    }
  }
  const all: Record<string, Access> = { ...want, ...(want.contents ? {} : { contents: 'read' }) };
  ed.addToMap(['jobs', job], 'permissions:\n' + Object.entries(all).map(([k, v]) => `  ${k}: ${v}\n`).join(''), 'steps');
  return undefined;
}

/** Let a job mint an OIDC token (`id-token: write`), keeping its existing permissions. */
export function ensureIdToken(ed: YamlEditor, job: string): string | undefined {
  return ensurePermissions(ed, job, { 'id-token': 'write' });
}

/** Insert a step after the job's last actions/checkout step (or first). */
export function insertStep(ed: YamlEditor, job: string, snippet: string): number {
  const steps = ed.seq(['jobs', job, 'steps']);
  if (!steps) throw new Error(`job ${job} has no steps`);
  let at = 0;
  steps.items.forEach((s, i) => {
    const uses = isMap(s) ? s.get('uses') : undefined;
    if (typeof uses === 'string' && uses.toLowerCase().startsWith('actions/checkout@')) at = i + 1;
  });
  ed.insertItem(['jobs', job, 'steps'], at, snippet);
  return at;
}

/** Key paths holding each finding's secret in this workflow (compared in memory, never printed). */
export function locate(ed: YamlEditor, text: string, findings: Finding[]): YamlPath[] {
  const out: YamlPath[] = [];
  for (const f of findings) {
    const secret = secretOf(f);
    const hits = secret ? findScalars(ed.doc, secret) : [];
    if (hits.length) out.push(...hits);
    else {
      const at = scalarAt(ed.doc, offsetOf(text, f.line, f.column));
      if (at) out.push(at);
    }
  }
  return out;
}

/** True when a scalar is a secrets/vars expression or a literal we should strip (any non-empty value). */
export function isStaticInput(v: unknown): boolean {
  return typeof v === 'string' && v.trim() !== '';
}

export function stepCount(ed: YamlEditor, job: string): number {
  const s = ed.seq(['jobs', job, 'steps']);
  return isSeq(s) ? s.items.length : 0;
}

/**
 * Of `jobs`, those whose steps mention one of `hints` (case-insensitive substring); all of them when
 * none does. Keeps a workflow-level credential from being handed to jobs that never used it.
 */
export function jobsUsing(ed: YamlEditor, jobs: Iterable<string>, hints: string[]): string[] {
  const all = [...jobs];
  const hit = all.filter((j) => {
    const steps = JSON.stringify(ed.value(['jobs', j, 'steps']) ?? []).toLowerCase();
    return hints.some((h) => steps.includes(h));
  });
  return hit.length ? hit : all;
}

export interface WorkflowRewrite {
  text: string;
  jobs: string[];
  notes: string[];
}

/** Rewrites every workflow file holding a finding; `describe` says what changed in one file. */
export async function rewriteWorkflows(
  findings: Finding[],
  repo: RepoReader,
  rewrite: (text: string) => WorkflowRewrite | null,
  describe: (path: string, jobs: string) => string,
): Promise<{ files: FileChange[]; changed: string[]; notes: string[] } | null> {
  const files: FileChange[] = [];
  const changed: string[] = [];
  const notes: string[] = [];
  for (const [path] of byPath(findings)) {
    const text = await repo.read(path);
    const out = text === null ? null : rewrite(text);
    if (!out || out.text === text) continue;
    files.push({ path, content: out.text });
    changed.push(describe(path, out.jobs.map((j) => `\`${j}\``).join(', ')));
    notes.push(...out.notes);
  }
  return files.length ? { files, changed, notes } : null;
}
