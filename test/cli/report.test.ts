import { describe, it, expect } from 'vitest';
import type { Finding, ScanReport } from '../../src/core/types.ts';
import { annotation, escapeData, escapeProperty } from '../../src/report/github.ts';
import { formatText } from '../../src/report/text.ts';
import { formatMarkdown } from '../../src/report/markdown.ts';
import { progressBar } from '../../src/report/progress.ts';
import { emptyReport } from '../../src/sources/report.ts';

const f: Finding = {
  detector: 'github-pat-classic', name: 'GitHub PAT', path: 'dir,1/a:b|c.json', line: 3, column: 7, endLine: 3, endColumn: 47,
  fingerprint: 'ab'.repeat(32), redacted: 'ghp_…(40)', lifetime: 'static', validated: true, source: 'file',
  config: { client: 'cursor', pointer: '/mcpServers/x/env/T' },
};

function report(findings: Finding[]): ScanReport {
  const r = emptyReport();
  r.findings = findings;
  r.stats.findings = findings.length;
  return r;
}

describe('report formats', () => {
  it('GitHub annotations escape properties and data like the Actions toolkit', () => {
    expect(escapeProperty('a,b:c%\n')).toBe('a%2Cb%3Ac%25%0A');
    expect(escapeData('a,b:c%\r\n')).toBe('a,b:c%25%0D%0A');
    expect(annotation(f, 'error')).toBe(
      '::error file=dir%2C1/a%3Ab|c.json,line=3,col=7,endLine=3,endColumn=47,title=keyshift%3A GitHub PAT::github-pat-classic ghp_…(40) (static, validated); cursor /mcpServers/x/env/T',
    );
  });

  it('text has colours only when asked', () => {
    const plain = formatText(report([f]), false);
    const color = formatText(report([f]), true);
    expect(plain.includes('\x1b[')).toBe(false);
    expect(color.includes('\x1b[')).toBe(true);
    expect(plain).toContain('dir,1/a:b|c.json:3:7  github-pat-classic  ghp_…(40)  static validated  (cursor /mcpServers/x/env/T)');
  });

  it('markdown escapes table cells', () => {
    const md = formatMarkdown(report([f]));
    expect(md).toContain('| `dir,1/a:b\\|c.json:3:7` | github-pat-classic |');
  });

  it('the progress bar writes only to a TTY, after a delay', async () => {
    const writes: string[] = [];
    const tty = { isTTY: true, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream;
    const pipe = { isTTY: false, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream;
    const p1 = progressBar(pipe, 'x', 0);
    p1.update(1, 2);
    p1.end();
    expect(writes).toEqual([]);
    const p2 = progressBar(tty, 'scanning', 0);
    await new Promise((r) => setTimeout(r, 5));
    p2.update(5, 10);
    p2.end();
    expect(writes[0]).toBe('\rscanning [###############...............] 5/10');
    expect(writes[1]).toBe('\r\x1b[K');
    const p3 = progressBar(tty, 'slow', 10_000);
    p3.update(1, 2);
    expect(writes).toHaveLength(2);
  });
});
