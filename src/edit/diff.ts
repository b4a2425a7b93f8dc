// A small unified diff (line LCS) for `keyshift fix --dry-run`.

function lcsOps(a: string[], b: string[]): ('=' | '-' | '+')[] {
  const n = a.length;
  const m = b.length;
  if (n * m > 4_000_000) return [...a.map(() => '-' as const), ...b.map(() => '+' as const)];
  const dp = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) dp[i]![j] = a[i] === b[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
  const ops: ('=' | '-' | '+')[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) { ops.push('='); i++; j++; }
    else if (i < n && (j === m || dp[i + 1]![j]! >= dp[i]![j + 1]!)) { ops.push('-'); i++; }
    else { ops.push('+'); j++; }
  }
  return ops;
}

function lines(s: string | null): string[] {
  if (s === null || s === '') return [];
  const l = s.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
}

/** `diff -u` style text for one file; '' when equal. null content = absent file. */
export function unifiedDiff(path: string, before: string | null, after: string | null, context = 3): string {
  if (before === after) return '';
  const a = lines(before);
  const b = lines(after);
  const ops = lcsOps(a, b);
  const rows: { op: '=' | '-' | '+'; text: string; ai: number; bi: number }[] = [];
  let ai = 0;
  let bi = 0;
  for (const op of ops) {
    if (op === '=') rows.push({ op, text: a[ai]!, ai: ai++, bi: bi++ });
    else if (op === '-') rows.push({ op, text: a[ai]!, ai: ai++, bi });
    else rows.push({ op, text: b[bi]!, ai, bi: bi++ });
  }
  const out = [`--- ${before === null ? '/dev/null' : `a/${path}`}`, `+++ ${after === null ? '/dev/null' : `b/${path}`}`];
  for (let k = 0; k < rows.length; ) {
    if (rows[k]!.op === '=') { k++; continue; }
    let start = Math.max(0, k - context);
    let end = k;
    // Extend the hunk while changes are within 2*context lines of each other.
    for (let q = k; q < rows.length; q++) {
      if (rows[q]!.op !== '=') end = q;
      else if (q - end > 2 * context) break;
    }
    end = Math.min(rows.length - 1, end + context);
    const hunk = rows.slice(start, end + 1);
    const aStart = hunk[0]!.ai;
    const bStart = hunk[0]!.bi;
    const aLen = hunk.filter((r) => r.op !== '+').length;
    const bLen = hunk.filter((r) => r.op !== '-').length;
    out.push(`@@ -${aLen ? aStart + 1 : aStart},${aLen} +${bLen ? bStart + 1 : bStart},${bLen} @@`);
    for (const r of hunk) out.push((r.op === '=' ? ' ' : r.op) + r.text);
    k = end + 1;
    start = k;
  }
  return out.join('\n') + '\n';
}
