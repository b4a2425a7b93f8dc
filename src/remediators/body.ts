// Pull-request / issue text for a ChangeSet: named sections and a hidden state marker. No secrets:
// every input is already redacted; callers also check the final text against the values they hold.
import type { ChangeSet } from './types.ts';

export interface PrState {
  v: 1;
  id: string;
  branch: string;
  remediators: string[];
  fingerprints: string[];
}

const MARKER = '<!-- keyshift:state ';

export function stateMarker(s: PrState): string {
  // JSON cannot contain "-->" here: ids, branch and fingerprints are [a-z0-9/_-].
  return `${MARKER}${JSON.stringify(s)} -->`;
}

export function readState(body: string | null | undefined): PrState | undefined {
  if (!body) return undefined;
  const at = body.lastIndexOf(MARKER);
  if (at === -1) return undefined;
  const end = body.indexOf(' -->', at);
  try {
    const s = JSON.parse(body.slice(at + MARKER.length, end)) as PrState;
    return s && s.v === 1 && Array.isArray(s.fingerprints) ? s : undefined;
  } catch {
    return undefined;
  }
}

const list = (items: string[], check = false) => (items.length ? items.map((i) => `- ${check ? '[ ] ' : ''}${i.split('\n').join('\n  ')}`).join('\n') : '- (nothing)');

export function renderBody(set: ChangeSet, state: PrState, extra?: string): string {
  return [
    'keyshift found static credentials in this repository and prepared their replacement with credentials issued at request time.',
    '',
    '### What was found',
    list(set.body.found),
    '',
    '### What was revoked',
    list(set.body.revoked),
    '',
    '### What changed',
    list(set.body.changed),
    '',
    '### What you must still do',
    list(set.body.todo, true),
    ...(extra ? ['', extra] : []),
    '',
    '<sub>Opened by keyshift. A rerun updates this pull request; closing it stops keyshift from reopening it.</sub>',
    stateMarker(state),
    '',
  ].join('\n');
}

export function commitMessage(set: ChangeSet): string {
  return `${set.title}\n\n${set.body.changed.map((c) => `- ${c.replace(/`/g, '')}`).join('\n')}\n`;
}

export function branchName(set: ChangeSet): string {
  return `keyshift/fix-${set.id.slice(0, 8)}`;
}
